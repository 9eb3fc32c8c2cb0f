using System.Collections.Concurrent;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Grains.Series;

/// <summary>
/// Sends a resource's batch to the series grains that own its series: the resource's head grain
/// alone, or, once the resource is heavy, each shard its part (see <see cref="SeriesShards"/>).
/// Scrapes and the OTLP receiver both push through it. The shard count of a resource only grows:
/// the router picks it from the batch's size and from what grains answered (a grain that knows
/// of more shards refuses the batch and the router cuts it again), and remembers it for the
/// heavy resources only. Each pipeline has series grains of its own (see <see cref="SeriesPipelines"/>).
/// </summary>
public sealed class SeriesRouter
{
    // Refusals come only from a count that was too small and counts double each time, so a few rounds reach any count.
    private const int MaxRounds = 8;

    private readonly IGrainFactory _grains;
    private readonly SeriesOptions _options;
    private readonly ConcurrentDictionary<string, int> _shardCounts = new();

    public SeriesRouter(IGrainFactory grains, SeriesOptions options)
    {
        _grains = grains ?? throw new ArgumentNullException(nameof(grains));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The shard count this router uses for a resource.</summary>
    public int ShardCountOf(string resourceKey) => _shardCounts.TryGetValue(resourceKey, out var count) ? count : 1;

    /// <summary>Pushes the batch to its series grains of the <c>metrics</c> pipeline; completes when every grain has taken its part.</summary>
    public Task PushAsync(MetricBatch batch) => PushAsync(batch, SeriesPipelines.DefaultName);

    /// <summary>Pushes the batch to its series grains of a pipeline; completes when every grain has taken its part.</summary>
    public Task PushAsync(MetricBatch batch, string pipeline)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var resource = SeriesPipelines.ResourceKeyIn(pipeline, ResourceKey.Compute(batch.ResourceAttributes));
        var count = Math.Max(ShardCountOf(resource), SeriesShards.CountFor(batch.PointCount, _options.SplitThreshold, _options.MaxShards));
        return PushSlicesAsync(resource, batch, count, round: 1);
    }

    private Task PushSlicesAsync(string resource, MetricBatch batch, int shardCount, int round)
    {
        if (shardCount == 1)
        {
            return PushShardAsync(resource, batch, 0, 1, round);
        }
        var slices = SeriesShards.Split(batch, shardCount);
        var pushes = new List<Task>(shardCount);
        for (var shard = 0; shard < slices.Length; shard++)
        {
            if (slices[shard] is { } slice)
            {
                pushes.Add(PushShardAsync(resource, slice, shard, shardCount, round));
            }
        }
        return Task.WhenAll(pushes);
    }

    private async Task PushShardAsync(string resource, MetricBatch slice, int shard, int shardCount, int round)
    {
        var result = await _grains.GetGrain<ISeriesGrain>(SeriesShards.GrainKey(resource, shard)).Push(slice, shardCount);
        Remember(resource, result.ShardCount);
        if (result.Accepted)
        {
            return;
        }
        if (result.ShardCount <= shardCount || round >= MaxRounds)
        {
            throw new InvalidOperationException(
                $"Series grain {SeriesShards.GrainKey(resource, shard)} refused a batch cut for {shardCount} shards and asked for {result.ShardCount} (round {round}).");
        }
        await PushSlicesAsync(resource, slice, result.ShardCount, round + 1);
    }

    private void Remember(string resource, int shardCount)
    {
        if (shardCount > 1)
        {
            _shardCounts.AddOrUpdate(resource, shardCount, (_, known) => Math.Max(known, shardCount));
        }
    }
}
