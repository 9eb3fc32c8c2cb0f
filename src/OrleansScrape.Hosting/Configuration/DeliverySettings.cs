namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// An exporter's <c>retry_on_failure</c> and <c>sending_queue</c>, with the Collector's defaults
/// (5 s initial, 30 s max, 300 s elapsed, x1.5 with ±50% jitter; queue of 1000 batches). One
/// consumer by default: requests leave in order, which keeps a backend's view of each series'
/// deltas in time order. With <c>sending_queue.storage</c> the queue is kept on disk.
/// </summary>
internal sealed record DeliverySettings
{
    public bool Retry { get; init; } = true;
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxElapsedTime { get; init; } = TimeSpan.FromMinutes(5);
    public double Multiplier { get; init; } = 1.5;
    public double RandomizationFactor { get; init; } = 0.5;
    public int Consumers { get; init; } = 1;
    public int QueueSize { get; init; } = 1000;
    /// <summary><c>sending_queue.storage</c>: the id of the <c>file_storage</c> extension that keeps the queue on disk; null keeps it in memory.</summary>
    public string? Storage { get; init; }
}
