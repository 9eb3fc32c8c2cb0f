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
    private readonly IReadOnlyList<string> _pipelines;

    /// <param name="router">The silo's series router.</param>
    /// <param name="pipelines">The pipelines the receiver feeds; each gets every batch.</param>
    public GrainOtlpMetricsConsumer(SeriesRouter router, IReadOnlyList<string>? pipelines = null)
    {
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _pipelines = pipelines is { Count: > 0 } ? pipelines : [SeriesPipelines.DefaultName];
    }

    public Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        var pushes = new Task[batches.Count * _pipelines.Count];
        var next = 0;
        foreach (var pipeline in _pipelines)
        {
            foreach (var batch in batches)
            {
                pushes[next++] = _router.PushAsync(batch, pipeline);
            }
        }
        return Task.WhenAll(pushes).WaitAsync(cancellationToken);
    }
}
