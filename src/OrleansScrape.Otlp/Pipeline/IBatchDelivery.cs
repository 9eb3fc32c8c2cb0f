using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Pipeline;

/// <summary>Where a series grain hands its output: a pipeline's batching and fan-out to its exporters.</summary>
public interface IBatchDelivery
{
    /// <summary>
    /// Queues a batch (waiting while the queue is full) and returns, once queued, the task of its
    /// delivery: true when every exporter of the pipeline took all of it, false when any gave up.
    /// </summary>
    ValueTask<Task<bool>> EnqueueForDeliveryAsync(MetricBatch batch, CancellationToken cancellationToken);
}
