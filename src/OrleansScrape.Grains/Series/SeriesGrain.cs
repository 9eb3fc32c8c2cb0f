using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Telemetry;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Processing;

namespace OrleansScrape.Grains.Series;

/// <summary>
/// Runs the gateway processors over the batches of one resource, keeping their per-series state,
/// and queues the output on this silo's export pipeline. Being the single activation of its
/// resource, it sees every consecutive point of its series, which is what delta state needs.
/// </summary>
[GatewayPlacement]
[CollectionAgeLimit(Hours = 2)]
public sealed class SeriesGrain : Grain, ISeriesGrain
{
    private readonly IReadOnlyList<IMetricsProcessor> _processors;
    private readonly ExportPipeline _export;
    private readonly ILocalSiloDetails _silo;
    private readonly SeriesStateRegistry _registry;
    private long _batches;
    private long _points;

    public SeriesGrain(ProcessorChainFactory processors, ExportPipeline export, ILocalSiloDetails silo, SeriesStateRegistry registry)
    {
        _processors = processors.Create();
        _export = export;
        _silo = silo;
        _registry = registry;
    }

    /// <summary>Series whose state this grain's processors hold.</summary>
    internal int TrackedSeries => _processors.Count == 0 ? 0 : _processors.Max(p => p.TrackedSeries);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _registry.Add(this);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _registry.Remove(this);
        return Task.CompletedTask;
    }

    public async Task Push(MetricBatch batch)
    {
        _batches++;
        _points += batch.PointCount;
        foreach (var processor in _processors)
        {
            var incoming = batch.PointCount;
            batch = processor.Process(batch);
            ProcessorTelemetry.Record(processor.Name, incoming, batch.PointCount);
        }
        if (batch.PointCount > 0)
        {
            await _export.EnqueueAsync(batch, CancellationToken.None);
        }
    }

    public Task<SeriesStatus> GetStatus() => Task.FromResult(new SeriesStatus
    {
        Key = this.GetPrimaryKeyString(),
        Silo = _silo.Name,
        Series = TrackedSeries,
        BatchesReceived = _batches,
        PointsReceived = _points,
    });
}
