namespace OrleansScrape.Processing;

/// <summary>
/// A processor that may refuse a batch before any processor of the chain runs (the memory
/// limiter): refusing is backpressure, and nothing of the batch has touched any state.
/// </summary>
public interface IDataAdmission
{
    /// <summary>Why data is refused now, or null when it is taken.</summary>
    string? RefusalReason { get; }
}
