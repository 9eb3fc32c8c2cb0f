namespace OrleansScrape.Abstractions.Messages;

/// <summary>
/// A series grain refused a batch (e.g. its silo is over the memory limit). The caller counts the
/// points as refused; senders retry later, and cumulative series catch up with their next point.
/// </summary>
[GenerateSerializer]
public sealed class DataRefusedException : Exception
{
    public DataRefusedException(string message)
        : base(message)
    {
    }
}
