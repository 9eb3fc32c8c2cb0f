using OrleansScrape.Grains.Series;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Receivers;

namespace OrleansScrape.Hosting.OtlpReceiver;

/// <summary>
/// Pushes each batch to the series grains of its resource through the <see cref="SeriesRouter"/>,
/// as scrapes do, and completes when every push has: the sender of the request waits for the
/// grains (backpressure).
/// </summary>
public sealed class GrainOtlpMetricsConsumer : IOtlpMetricsConsumer
{
    private readonly SeriesRouter _router;

    public GrainOtlpMetricsConsumer(SeriesRouter router)
    {
        _router = router ?? throw new ArgumentNullException(nameof(router));
    }

    public Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        var pushes = new Task[batches.Count];
        for (var i = 0; i < pushes.Length; i++)
        {
            pushes[i] = _router.PushAsync(batches[i]);
        }
        return Task.WhenAll(pushes).WaitAsync(cancellationToken);
    }
}
