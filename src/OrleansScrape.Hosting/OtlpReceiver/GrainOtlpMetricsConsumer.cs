using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Receivers;

namespace OrleansScrape.Hosting.OtlpReceiver;

/// <summary>
/// Pushes each batch to the series grain of its resource, as scrapes do, and completes when every
/// push has: the sender of the request waits for the grains (backpressure).
/// </summary>
public sealed class GrainOtlpMetricsConsumer : IOtlpMetricsConsumer
{
    private readonly IGrainFactory _grains;

    public GrainOtlpMetricsConsumer(IGrainFactory grains)
    {
        _grains = grains ?? throw new ArgumentNullException(nameof(grains));
    }

    public Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        var pushes = new Task[batches.Count];
        for (var i = 0; i < pushes.Length; i++)
        {
            var batch = batches[i];
            pushes[i] = _grains.GetGrain<ISeriesGrain>(ResourceKey.Compute(batch.ResourceAttributes)).Push(batch);
        }
        return Task.WhenAll(pushes).WaitAsync(cancellationToken);
    }
}
