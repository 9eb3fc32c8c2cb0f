namespace OrleansScrape.Otlp.Pipeline;

/// <summary>How a request (or a part of it) ended, for what a persistent queue does with its batches.</summary>
internal enum ExportOutcome
{
    /// <summary>It was sent: every part of it, to every exporter it went to.</summary>
    Sent,
    /// <summary>It was refused for good (not retryable, or it could not be sent at all): sending it again cannot help.</summary>
    Rejected,
    /// <summary>Retries ran out, or the sender stopped first: worth sending again later.</summary>
    Unfinished,
}
