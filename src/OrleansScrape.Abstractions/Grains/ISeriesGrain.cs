using Orleans.Concurrency;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Abstractions.Grains;

/// <summary>
/// Holds the cumulative state of the series of one resource, or of one shard of a heavy resource,
/// and turns what it receives into the configured output (deltas, enrichment) for its silo's
/// export pipeline. Keyed by <see cref="ResourceKey.Compute"/> of the resource attributes for the
/// resource's head shard, <c>resource/k</c> for shard k (see the grains' <c>SeriesShards</c>).
/// Callers go through the grains' <c>SeriesRouter</c>, which picks the shards.
/// </summary>
public interface ISeriesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Processes a batch cut for <paramref name="shardCount"/> shards. Refused (nothing processed)
    /// when the grain knows of more shards; the result then carries the count to cut by.
    /// </summary>
    Task<SeriesPushResult> Push(MetricBatch batch, int shardCount);

    /// <summary>
    /// Called by a child shard on its first activation: the grain records that the resource has at
    /// least <paramref name="shardCount"/> shards (so it refuses batches cut for fewer) and returns
    /// its processors' state, which the child starts from.
    /// </summary>
    Task<SeriesHandOver> HandOver(int shardCount);

    Task<SeriesStatus> GetStatus();

    /// <summary>
    /// Writes the state of the newest delivered batch to storage. The grain calls it on itself when
    /// a delivery completes; one-way, because nobody waits for it.
    /// </summary>
    [OneWay]
    Task CheckpointDelivered();
}
