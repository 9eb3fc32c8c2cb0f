using OrleansScrape.Configuration;

namespace OrleansScrape.Processing.Batching;

/// <summary>
/// The <c>batch</c> processor's settings, with the Collector's defaults: a request leaves when it
/// holds <see cref="SendBatchSize"/> points or <see cref="Timeout"/> after its first point, and
/// is cut at <see cref="SendBatchMaxSize"/> points (0: never cut).
/// </summary>
public sealed record BatchOptions : IValidatedOptions
{
    public int SendBatchSize { get; init; } = 8192;

    public int SendBatchMaxSize { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(200);

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (SendBatchSize < 0)
        {
            problems.Add(new("send_batch_size", "must not be negative"));
        }
        if (SendBatchMaxSize < 0)
        {
            problems.Add(new("send_batch_max_size", "must not be negative"));
        }
        else if (SendBatchMaxSize > 0 && SendBatchMaxSize < SendBatchSize)
        {
            problems.Add(new("send_batch_max_size", "must be greater than or equal to send_batch_size"));
        }
        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add(new("timeout", "must be positive"));
        }
        return problems;
    }
}
