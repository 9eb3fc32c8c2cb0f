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
    private readonly SeriesPipelines _pipelines;
    private readonly IPersistentState<SeriesCheckpoint> _checkpoint;
    private readonly ILogger<SeriesGrain> _logger;
    private ProcessorChainFactory _factory = new([]);
    private IReadOnlyList<ChainedProcessor> _processors = [];
    private IBatchDelivery? _export;
    private readonly ILocalSiloDetails _silo;
    private readonly SeriesStateRegistry _registry;
    private readonly SeriesOptions _options;
    private readonly TimeProvider _clock;
    private readonly Queue<(Task<bool> Delivery, SeriesCheckpoint Image)> _inFlight = new();
    private string _resourceKey = "";
    private int _shard;
    // Shards of the resource as far as this grain knows; it only grows (see SeriesShards).
    private int _shardCount = 1;
    private long _lastPushTicks;
    private long _batches;
    private long _points;

    public SeriesGrain(
        SeriesPipelines pipelines,
        ILocalSiloDetails silo,
        SeriesStateRegistry registry,
        [PersistentState("series", SeriesStorage.ProviderName)] IPersistentState<SeriesCheckpoint> checkpoint,
        ILogger<SeriesGrain> logger,
        SeriesOptions? options = null,
        TimeProvider? clock = null)
    {
        _pipelines = pipelines;
        _checkpoint = checkpoint;
        _logger = logger;
        _silo = silo;
        _registry = registry;
        _options = options ?? new SeriesOptions();
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Series whose state this grain's processors hold.</summary>
    internal int TrackedSeries => _processors.Count == 0 ? 0 : _processors.Max(p => p.Processor.TrackedSeries);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _registry.Add(this);
        (_resourceKey, _shard) = SeriesShards.ParseGrainKey(this.GetPrimaryKeyString());
        var pipeline = _pipelines.Get(SeriesPipelines.PipelineOf(_resourceKey));
        _factory = pipeline.Processors;
        _processors = _factory.Create();
        _export = pipeline.Delivery;
        _shardCount = SeriesShards.CountAtCreation(_shard);
        _lastPushTicks = _clock.GetTimestamp();
        if (_checkpoint.RecordExists)
        {
            var saved = _checkpoint.State;
            _shardCount = Math.Max(_shardCount, saved.ShardCount);
            if (IsExpired(saved))
            {
                _logger.LogInformation("Series grain {Key}: its checkpoint is older than the state time-to-live; dropped", this.GetPrimaryKeyString());
                await DropStateAsync();
            }
            else if (saved.Processors.Length > 0 && Restore(saved.Processors, saved.States))
            {
                _logger.LogInformation("Series grain {Key} resumed {Series} series from its checkpoint", this.GetPrimaryKeyString(), TrackedSeries);
            }
        }
        else if (_shard > 0)
        {
            // A new shard: its series were the parent's until now, so it starts from the parent's state.
            var parent = GrainFactory.GetGrain<ISeriesGrain>(SeriesShards.GrainKey(_resourceKey, SeriesShards.ParentOf(_shard)));
            var handOver = await parent.HandOver(_shardCount);
            if (handOver.Processors.Length > 0 && Restore(handOver.Processors, handOver.States))
            {
                _logger.LogInformation("Series grain {Key} took over {Series} series from its parent shard", this.GetPrimaryKeyString(), TrackedSeries);
            }
        }
        if (_options.StateTtl > TimeSpan.Zero)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(_options.StateTtl.Ticks / 10, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerMinute * 5));
            // Kept alive until its state goes stale, as the Collector keeps state for max_staleness: then the
            // grain itself clears its checkpoint, instead of idle collection leaving it behind in storage.
            this.RegisterGrainTimer(DropIfIdleAsync, new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = true });
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _registry.Remove(this);
        if (_inFlight.Count == 0)
        {
            return;
        }
        // Batches still on their way: wait for them as long as the deactivation may take, so their state
        // is checkpointed here rather than reactivating the grain (or being counted again by the next one).
        try
        {
            await Task.WhenAll(_inFlight.Select(f => f.Delivery)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Series grain {Key} deactivates with {Batches} batches undelivered", this.GetPrimaryKeyString(), _inFlight.Count);
        }
        await CheckpointDelivered();
    }

    public async Task<SeriesPushResult> Push(MetricBatch batch, int shardCount)
    {
        if (!SeriesShards.IsValidCount(shardCount) || _shard >= shardCount)
        {
            throw new ArgumentException($"Series grain {this.GetPrimaryKeyString()} got a batch cut for {shardCount} shards.", nameof(shardCount));
        }
        if (shardCount < _shardCount)
        {
            // Some of these series may belong to a child shard by now: the router cuts the batch again.
            return new SeriesPushResult(false, _shardCount);
        }
        _shardCount = shardCount;
        foreach (var chained in _processors)
        {
            if (chained.Processor is Processing.IDataAdmission { RefusalReason: { } reason })
            {
                // Backpressure: the caller counts the points as refused; cumulative series catch up with the next scrape.
                throw new DataRefusedException(reason);
            }
        }
        _batches++;
        _points += batch.PointCount;
        _lastPushTicks = _clock.GetTimestamp();
        foreach (var (id, processor) in _processors)
        {
            var incoming = batch.PointCount;
            batch = processor.Process(batch);
            ProcessorTelemetry.Record(id, incoming, batch.PointCount);
        }
        var delivery = await _export!.EnqueueForDeliveryAsync(batch, CancellationToken.None);
        _inFlight.Enqueue((delivery, Snapshot()));
        if (!delivery.IsCompleted)
        {
            var self = this.AsReference<ISeriesGrain>();
            _ = delivery.ContinueWith(static (_, grain) => ((ISeriesGrain)grain!).CheckpointDelivered(), self,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        await CheckpointDelivered();
        return new SeriesPushResult(true, _shardCount);
    }

    public async Task<SeriesHandOver> HandOver(int shardCount)
    {
        if (!SeriesShards.IsValidCount(shardCount))
        {
            throw new ArgumentException($"Series grain {this.GetPrimaryKeyString()} was asked to hand over for {shardCount} shards.", nameof(shardCount));
        }
        if (shardCount > _shardCount)
        {
            _shardCount = shardCount;
            // Durable before the child starts: a restarted parent must go on refusing batches cut for fewer shards.
            _checkpoint.State.ShardCount = _shardCount;
            await _checkpoint.WriteStateAsync();
        }
        // The whole state, not only the child's series: state keys do not tell which shard a series
        // routes to. What the child never sees again ages out by max_staleness, in both grains.
        var image = Snapshot();
        return new SeriesHandOver(image.Processors, image.States);
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
        newest.ShardCount = _shardCount;
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
        var stateful = Stateful();
        return new SeriesCheckpoint
        {
            Processors = stateful.Select(p => p.Id).ToArray(),
            States = stateful.Select(p => p.State.SaveState()).ToArray(),
            ShardCount = _shardCount,
            LastPushUtc = _clock.GetUtcNow(),
        };
    }

    /// <summary>Loads saved images into the processors; false (and fresh processors) when they do not fit them.</summary>
    private bool Restore(string[] processors, byte[][] states)
    {
        var stateful = Stateful();
        if (!processors.SequenceEqual(stateful.Select(p => p.Id)))
        {
            _logger.LogWarning("Series grain {Key}: the saved state was written by another processor configuration; starting afresh", this.GetPrimaryKeyString());
            _processors = _factory.Create();
            return false;
        }
        try
        {
            for (var i = 0; i < stateful.Count; i++)
            {
                stateful[i].State.RestoreState(states[i]);
            }
            return true;
        }
        catch (InvalidDataException e)
        {
            _logger.LogWarning(e, "Series grain {Key}: the saved state cannot be read; starting afresh", this.GetPrimaryKeyString());
            _processors = _factory.Create();
            return false;
        }
    }

    private List<(string Id, IStatefulProcessor State)> Stateful() =>
        _processors.Where(p => p.Processor is IStatefulProcessor).Select(p => (p.Id, (IStatefulProcessor)p.Processor)).ToList();

    private bool IsExpired(SeriesCheckpoint saved) =>
        _options.StateTtl > TimeSpan.Zero
        && saved.LastPushUtc != default
        && _clock.GetUtcNow() - saved.LastPushUtc >= _options.StateTtl;

    /// <summary>Every series went stale: drop the state and, once nothing is in flight, the checkpoint, and deactivate.</summary>
    private async Task DropIfIdleAsync(CancellationToken cancellationToken)
    {
        if (_clock.GetElapsedTime(_lastPushTicks) < _options.StateTtl || _inFlight.Count > 0)
        {
            return;
        }
        _logger.LogInformation("Series grain {Key}: no batch for {Ttl}; its state is dropped", this.GetPrimaryKeyString(), _options.StateTtl);
        await DropStateAsync();
        this.DeactivateOnIdle();
    }

    /// <summary>
    /// Fresh processors, and no saved state. The record is deleted for a resource that was never
    /// split; a shard, or the head of a split resource, keeps a record with only the shard count, so
    /// that it neither accepts batches cut for fewer shards nor takes over its parent's old state again.
    /// </summary>
    private async Task DropStateAsync()
    {
        _processors = _factory.Create();
        if (_shard == 0 && _shardCount == 1)
        {
            if (_checkpoint.RecordExists)
            {
                await _checkpoint.ClearStateAsync();
            }
            return;
        }
        _checkpoint.State = new SeriesCheckpoint { ShardCount = _shardCount };
        await _checkpoint.WriteStateAsync();
    }

    public Task<SeriesStatus> GetStatus() => Task.FromResult(new SeriesStatus
    {
        Key = this.GetPrimaryKeyString(),
        Silo = _silo.Name,
        Series = TrackedSeries,
        BatchesReceived = _batches,
        PointsReceived = _points,
        ShardCount = _shardCount,
        CheckpointExists = _checkpoint.RecordExists,
    });
}
