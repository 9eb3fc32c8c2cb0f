using Microsoft.Extensions.Logging;
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
/// and hands the output to this silo's export pipeline. Being the single activation of its
/// resource, it sees every consecutive point of its series, which is what delta state needs.
/// <para>
/// The state survives the silo: each batch's output goes to the export pipeline with the image of
/// the processors' state after it; once the output was delivered, that image is checkpointed to
/// grain storage, and a new activation (after a silo died or the pool changed) starts from it, so
/// its next delta starts where the last delivered one ended. Push does not wait for delivery:
/// scraping goes on while the backend is slow or down, and the pipeline's bounded queue is the
/// only backpressure.
/// </para>
/// </summary>
[GatewayPlacement]
[CollectionAgeLimit(Hours = 2)]
public sealed class SeriesGrain : Grain, ISeriesGrain
{
    private readonly ProcessorChainFactory _factory;
    private readonly IPersistentState<SeriesCheckpoint> _checkpoint;
    private readonly ILogger<SeriesGrain> _logger;
    private IReadOnlyList<IMetricsProcessor> _processors;
    private readonly ExportPipeline _export;
    private readonly ILocalSiloDetails _silo;
    private readonly SeriesStateRegistry _registry;
    private readonly Queue<(Task<bool> Delivery, SeriesCheckpoint Image)> _inFlight = new();
    private readonly Processing.MemoryLimiter.MemoryLimiter? _memoryLimiter;
    private long _batches;
    private long _points;

    public SeriesGrain(
        ProcessorChainFactory processors,
        ExportPipeline export,
        ILocalSiloDetails silo,
        SeriesStateRegistry registry,
        [PersistentState("series", SeriesStorage.ProviderName)] IPersistentState<SeriesCheckpoint> checkpoint,
        ILogger<SeriesGrain> logger,
        Processing.MemoryLimiter.MemoryLimiter? memoryLimiter = null)
    {
        _memoryLimiter = memoryLimiter;
        _factory = processors;
        _checkpoint = checkpoint;
        _logger = logger;
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
        if (_checkpoint.RecordExists && RestoreCheckpoint())
        {
            _logger.LogInformation("Series grain {Key} resumed {Series} series from its checkpoint", this.GetPrimaryKeyString(), TrackedSeries);
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _registry.Remove(this);
        return Task.CompletedTask;
    }

    public async Task Push(MetricBatch batch)
    {
        if (_memoryLimiter is { ShouldRefuse: true })
        {
            // Backpressure: the caller counts the points as refused; cumulative series catch up with the next scrape.
            throw new DataRefusedException("data refused due to high memory usage");
        }
        _batches++;
        _points += batch.PointCount;
        foreach (var processor in _processors)
        {
            var incoming = batch.PointCount;
            batch = processor.Process(batch);
            ProcessorTelemetry.Record(processor.Name, incoming, batch.PointCount);
        }
        var delivery = await _export.EnqueueForDeliveryAsync(batch, CancellationToken.None);
        _inFlight.Enqueue((delivery, Snapshot()));
        if (!delivery.IsCompleted)
        {
            var self = this.AsReference<ISeriesGrain>();
            _ = delivery.ContinueWith(static (_, grain) => ((ISeriesGrain)grain!).CheckpointDelivered(), self,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        await CheckpointDelivered();
    }

    public async Task CheckpointDelivered()
    {
        SeriesCheckpoint? newest = null;
        while (_inFlight.TryPeek(out var head) && head.Delivery.IsCompleted)
        {
            _inFlight.Dequeue();
            if (head.Delivery.Result)
            {
                newest = head.Image;
            }
            else
            {
                // Not delivered (the pipeline gave up, or it stopped with its silo): the checkpoint stays
                // behind, so a new activation's next delta covers this batch's increase.
                _logger.LogWarning("Series grain {Key}: a batch could not be delivered", this.GetPrimaryKeyString());
            }
        }
        if (newest is null || newest.Processors.Length == 0)
        {
            return;
        }
        _checkpoint.State = newest;
        try
        {
            await _checkpoint.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The in-memory state is right; only its durability is behind. The next delivery tries again.
            _logger.LogWarning(e, "Series grain {Key} could not write its checkpoint", this.GetPrimaryKeyString());
        }
    }

    /// <summary>The images of every stateful processor's state, as they are now.</summary>
    private SeriesCheckpoint Snapshot()
    {
        var stateful = _processors.OfType<IStatefulProcessor>().ToList();
        return new SeriesCheckpoint
        {
            Processors = stateful.Select(p => p.Name).ToArray(),
            States = stateful.Select(p => p.SaveState()).ToArray(),
        };
    }

    /// <summary>Loads the checkpoint into the processors; false (and fresh processors) when it does not fit them.</summary>
    private bool RestoreCheckpoint()
    {
        var saved = _checkpoint.State;
        var stateful = _processors.OfType<IStatefulProcessor>().ToList();
        if (!saved.Processors.SequenceEqual(stateful.Select(p => p.Name)))
        {
            _logger.LogWarning("Series grain {Key}: the checkpoint was written by another processor configuration; starting afresh", this.GetPrimaryKeyString());
            _processors = _factory.Create();
            return false;
        }
        try
        {
            for (var i = 0; i < stateful.Count; i++)
            {
                stateful[i].RestoreState(saved.States[i]);
            }
            return true;
        }
        catch (InvalidDataException e)
        {
            _logger.LogWarning(e, "Series grain {Key}: the checkpoint cannot be read; starting afresh", this.GetPrimaryKeyString());
            _processors = _factory.Create();
            return false;
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
