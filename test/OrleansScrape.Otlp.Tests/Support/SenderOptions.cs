using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Tests.Support;

internal static class SenderOptions
{
    /// <summary>
    /// Exporterhelper settings for tests: one consumer, no timeout (a stepping clock would fire it at
    /// once), retries every 10 ms growing to 40 ms without jitter, given up after 10 s.
    /// </summary>
    public static ExporterHelperOptions Fast(int queueSize = 64, int consumers = 1) => new(TimeSpan.Zero)
    {
        Retry = new RetryOptions
        {
            InitialInterval = TimeSpan.FromMilliseconds(10),
            MaxInterval = TimeSpan.FromMilliseconds(40),
            RandomizationFactor = 0,
            MaxElapsedTime = TimeSpan.FromSeconds(10),
        },
        Queue = new SendingQueueOptions { NumConsumers = consumers, QueueSize = queueSize },
    };

    public static ExporterHelperOptions WithQueue(this ExporterHelperOptions options, Func<SendingQueueOptions, SendingQueueOptions> change) =>
        options with { Queue = change(options.Queue) };

    public static ExporterHelperOptions WithRetry(this ExporterHelperOptions options, Func<RetryOptions, RetryOptions> change) =>
        options with { Retry = change(options.Retry) };

    /// <summary>A retryable failure, as a backend that is down answers.</summary>
    public static Task Down(int attempt, CancellationToken cancellationToken) =>
        Task.FromException(new OrleansScrape.Otlp.Exporters.ExportFailedException("503 Service Unavailable", isRetryable: true));
}
