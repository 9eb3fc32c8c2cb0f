using OrleansScrape.Grains.Series;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Hosting.Exporters.LoadBalancing;

/// <summary>
/// The transport of <c>load_balancing</c>: pushes each batch into the series grains of the gateway
/// pipelines, as an OTLP request to the gateway tier would; a push the grains refuse is retried.
/// </summary>
internal sealed class GatewayHandOffExporter : IMetricsExporter
{
    private readonly SeriesRouter _router;
    private readonly IReadOnlyList<string> _pipelines;

    public GatewayHandOffExporter(string name, SeriesRouter router, IReadOnlyList<string> pipelines)
    {
        Name = name;
        _router = router;
        _pipelines = pipelines;
    }

    public string Name { get; }

    public async Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        if (_pipelines.Count == 0)
        {
            throw new ExportFailedException($"{Name}: this configuration has no pipeline that receives OTLP to hand the data to", isRetryable: false);
        }
        try
        {
            await Task.WhenAll(_pipelines.SelectMany(pipeline => batches.Select(batch => _router.PushAsync(batch, pipeline)))).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ExportFailedException)
        {
            // The gateway silos are busy (memory limit) or away: the sender's retries apply, as for a refused OTLP request.
            throw new ExportFailedException($"{Name}: the gateway pipelines did not take the batch: {e.Message}", isRetryable: true, innerException: e);
        }
    }
}
