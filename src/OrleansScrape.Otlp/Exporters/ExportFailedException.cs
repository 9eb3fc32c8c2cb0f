namespace OrleansScrape.Otlp.Exporters;

/// <summary>An export the destination did not accept, and whether sending it again may succeed.</summary>
public sealed class ExportFailedException : Exception
{
    public ExportFailedException(string message, bool isRetryable, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsRetryable = isRetryable;
        RetryAfter = retryAfter;
    }

    public bool IsRetryable { get; }

    /// <summary>How long the destination asked to wait before the next attempt, when it said so.</summary>
    public TimeSpan? RetryAfter { get; }
}
