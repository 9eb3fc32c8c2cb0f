namespace OrleansScrape.Otlp.Pipeline;

/// <summary>How an export request ended, for what the persistent queue does with its batches.</summary>
internal enum ExportOutcome
{
    /// <summary>Every exporter sent it.</summary>
    Sent,
    /// <summary>An exporter refused it for good (not retryable): sending it again cannot help.</summary>
    Rejected,
    /// <summary>Retries ran out, or the pipeline stopped first: worth sending again later.</summary>
    Unfinished,
}
