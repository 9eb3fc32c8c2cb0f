using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Grains.Series;

/// <summary>
/// The rules that spread one resource's series over several series grains. Shard counts are
/// powers of two and a stream's shard is its stream hash modulo the count, so when the count
/// doubles from N to 2N shard k keeps part of its series and hands the rest to shard k + N, its
/// child; no series ever moves between two shards that already existed.
/// </summary>
public static class SeriesShards
{
    /// <summary>Upper bound of shards per resource: 64 grains hold well over a million series at the default threshold.</summary>
    public const int MaxShardCount = 64;

    /// <summary>
    /// Hash of a stream's identity within its resource: metric name and point attributes, in any
    /// attribute order (each attribute's hash is summed). Allocates nothing.
    /// </summary>
    public static ulong StreamHash(string metricName, ReadOnlySpan<Attribute> attributes)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(metricName.AsSpan()));
        ulong attributesHash = 0;
        foreach (ref readonly var attribute in attributes)
        {
            var key = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(attribute.Key.AsSpan()), 0x5ee1);
            attributesHash += XxHash3.HashToUInt64(MemoryMarshal.AsBytes(attribute.Value.AsSpan()), (long)key);
        }
        // A final mix, so the low bits the modulo keeps depend on every input bit.
        Span<ulong> both = stackalloc ulong[2];
        both[0] = hash;
        both[1] = attributesHash;
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(both));
    }

    /// <summary>A shard count the rules allow: a power of two from 1 to <see cref="MaxShardCount"/>.</summary>
    public static bool IsValidCount(int shardCount) => shardCount is >= 1 and <= MaxShardCount && (shardCount & (shardCount - 1)) == 0;

    /// <summary>The shard of a stream when the resource has <paramref name="shardCount"/> shards (a power of two).</summary>
    public static int ShardOf(ulong streamHash, int shardCount) => (int)(streamHash & (ulong)(shardCount - 1));

    /// <summary>
    /// The shard a shard was split from: the shard index without its highest bit. Shard 0 (the
    /// resource's head) has none.
    /// </summary>
    public static int ParentOf(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shard);
        return shard & ~(1 << (31 - BitOperations.LeadingZeroCount((uint)shard)));
    }

    /// <summary>The shard count at which a shard came into being: the smallest power of two above its index.</summary>
    public static int CountAtCreation(int shard) => shard == 0 ? 1 : (int)BitOperations.RoundUpToPowerOf2((uint)shard + 1);

    /// <summary>
    /// The shard count a batch of <paramref name="series"/> series calls for: the smallest power of
    /// two that keeps each shard at or under the threshold, capped at <see cref="MaxShardCount"/>;
    /// 1 when splitting is off (threshold 0).
    /// </summary>
    public static int CountFor(int series, int threshold, int maxShards = MaxShardCount)
    {
        if (threshold <= 0 || series <= threshold)
        {
            return 1;
        }
        var needed = (series + (long)threshold - 1) / threshold;
        return (int)Math.Min(BitOperations.RoundUpToPowerOf2((ulong)needed), (ulong)Math.Max(1, maxShards));
    }

    /// <summary>The series grain key of a shard: the resource key for the head, <c>resource/shard</c> otherwise.</summary>
    public static string GrainKey(string resourceKey, int shard) => shard == 0 ? resourceKey : $"{resourceKey}/{shard}";

    /// <summary>Splits a series grain key into its resource key and shard index.</summary>
    public static (string ResourceKey, int Shard) ParseGrainKey(string grainKey)
    {
        var slash = grainKey.LastIndexOf('/');
        if (slash > 0 && int.TryParse(grainKey.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shard) && shard > 0)
        {
            return (grainKey[..slash], shard);
        }
        return (grainKey, 0);
    }

    /// <summary>
    /// Cuts a batch into one batch per shard (index = shard; empty shards get null). With one shard
    /// the batch itself is returned.
    /// </summary>
    public static MetricBatch?[] Split(MetricBatch batch, int shardCount)
    {
        if (shardCount == 1)
        {
            return [batch];
        }
        var builders = new MetricBatchBuilder?[shardCount];
        var open = new int[shardCount];
        for (var metricIndex = 0; metricIndex < batch.Metrics.Length; metricIndex++)
        {
            ref readonly var metric = ref batch.Metrics[metricIndex];
            for (var i = 0; i < metric.PointCount; i++)
            {
                var shard = ShardOf(StreamHash(metric.Name, AttributesOfPoint(batch, metric, i)), shardCount);
                var builder = builders[shard];
                if (builder is null)
                {
                    builder = builders[shard] = new MetricBatchBuilder(batch.ResourceAttributes);
                    foreach (var scope in batch.Scopes)
                    {
                        builder.AddScope(scope);
                    }
                    open[shard] = -1;
                }
                if (open[shard] != metricIndex)
                {
                    builder.BeginMetric(metric, metric.ScopeIndex);
                    open[shard] = metricIndex;
                }
                builder.CopyPoints(batch, metric, i, 1);
            }
        }
        var slices = new MetricBatch?[shardCount];
        for (var shard = 0; shard < shardCount; shard++)
        {
            slices[shard] = builders[shard]?.Build();
        }
        return slices;
    }

    private static ReadOnlySpan<Attribute> AttributesOfPoint(MetricBatch batch, in MetricDescriptor metric, int index) => metric.Type switch
    {
        MetricType.Histogram => batch.AttributesOf(batch.HistogramPointsOf(metric)[index]),
        MetricType.Summary => batch.AttributesOf(batch.SummaryPointsOf(metric)[index]),
        MetricType.ExponentialHistogram => batch.AttributesOf(batch.ExponentialHistogramPointsOf(metric)[index]),
        _ => batch.AttributesOf(batch.PointsOf(metric)[index]),
    };
}
