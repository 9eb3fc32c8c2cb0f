using OrleansScrape.Grains.Series;
using OrleansScrape.Otlp.Model;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Grains.Tests.Series;

public sealed class SeriesShardsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(32)]
    public void Doubling_the_count_keeps_a_stream_in_its_shard_or_moves_it_to_shard_plus_N(int count)
    {
        for (var i = 0; i < 2000; i++)
        {
            var hash = SeriesShards.StreamHash("requests_total", [new ModelAttribute("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            var before = SeriesShards.ShardOf(hash, count);
            var after = SeriesShards.ShardOf(hash, count * 2);
            Assert.True(after == before || after == before + count, $"stream {i}: shard {before} of {count} became {after} of {count * 2}");
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 3)]
    [InlineData(12, 4)]
    [InlineData(63, 31)]
    public void Parent_of_a_shard_is_its_index_without_the_highest_bit(int shard, int parent) =>
        Assert.Equal(parent, SeriesShards.ParentOf(shard));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(63, 64)]
    public void A_shard_comes_into_being_at_the_smallest_power_of_two_above_its_index(int shard, int count) =>
        Assert.Equal(count, SeriesShards.CountAtCreation(shard));

    [Theory]
    [InlineData(10, 0, 1)]
    [InlineData(50_000, 50_000, 1)]
    [InlineData(50_001, 50_000, 2)]
    [InlineData(120_000, 50_000, 4)]
    [InlineData(1_000, 10, 64)]
    [InlineData(1_000, 10, 16, 16)]
    public void Shard_count_is_the_smallest_power_of_two_keeping_each_shard_at_the_threshold_capped(int series, int threshold, int expected, int max = SeriesShards.MaxShardCount) =>
        Assert.Equal(expected, SeriesShards.CountFor(series, threshold, max));

    [Fact]
    public void Stream_hash_ignores_attribute_order() =>
        Assert.Equal(
            SeriesShards.StreamHash("m", [new ModelAttribute("a", "1"), new ModelAttribute("b", "2")]),
            SeriesShards.StreamHash("m", [new ModelAttribute("b", "2"), new ModelAttribute("a", "1")]));

    [Fact]
    public void Stream_hash_tells_apart_metric_names_and_attribute_values()
    {
        var hash = SeriesShards.StreamHash("m", [new ModelAttribute("a", "1")]);
        Assert.NotEqual(hash, SeriesShards.StreamHash("n", [new ModelAttribute("a", "1")]));
        Assert.NotEqual(hash, SeriesShards.StreamHash("m", [new ModelAttribute("a", "2")]));
        Assert.NotEqual(hash, SeriesShards.StreamHash("m", [new ModelAttribute("b", "1")]));
    }

    [Theory]
    [InlineData("00ff00ff00ff00ff", 0)]
    [InlineData("00ff00ff00ff00ff/3", 3)]
    public void Grain_key_of_a_shard_reads_back_as_its_resource_and_shard(string key, int shard)
    {
        var parsed = SeriesShards.ParseGrainKey(key);
        Assert.Equal(("00ff00ff00ff00ff", shard), parsed);
        Assert.Equal(key, SeriesShards.GrainKey(parsed.ResourceKey, parsed.Shard));
    }

    [Fact]
    public void Split_puts_exponential_histogram_points_in_the_shard_of_their_stream()
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "heavy")]);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("rpc.duration", "", "ms", MetricType.ExponentialHistogram, AggregationTemporality.Cumulative, false, scope);
        for (var i = 0; i < 20; i++)
        {
            builder.AddExponentialHistogramPoint(1, 2, (ulong)i, i, true, 0, false, 0, false, 3, 0, 0, i, [(ulong)i], 0, [], DataPointFlags.None,
                [new ModelAttribute("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        var batch = builder.Build();

        var slices = SeriesShards.Split(batch, 4);

        var seen = new List<ulong>();
        for (var shard = 0; shard < slices.Length; shard++)
        {
            if (slices[shard] is not { } slice)
            {
                continue;
            }
            foreach (var point in slice.ExponentialHistogramPoints)
            {
                Assert.Equal(shard, SeriesShards.ShardOf(SeriesShards.StreamHash("rpc.duration", slice.AttributesOf(point)), 4));
                Assert.Equal([point.Count], slice.PositiveBucketCountsOf(point).ToArray());
                seen.Add(point.Count);
            }
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (ulong)i), seen.Order());
    }

    [Fact]
    public void Split_puts_every_point_in_the_shard_of_its_stream_once()
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "heavy")]);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("requests_total", "", "1", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        for (var i = 0; i < 100; i++)
        {
            builder.AddPoint(1, 2, i, DataPointFlags.None, [new ModelAttribute("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        builder.BeginMetric("temperature", "", "1", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 2, 100, DataPointFlags.None, []);
        var batch = builder.Build();

        var slices = SeriesShards.Split(batch, 4);

        var seen = new List<double>();
        for (var shard = 0; shard < slices.Length; shard++)
        {
            if (slices[shard] is not { } slice)
            {
                continue;
            }
            Assert.Equal(batch.ResourceAttributes, slice.ResourceAttributes);
            foreach (var metric in slice.Metrics)
            {
                foreach (var point in slice.PointsOf(metric))
                {
                    Assert.Equal(shard, SeriesShards.ShardOf(SeriesShards.StreamHash(metric.Name, slice.AttributesOf(point)), 4));
                    seen.Add(point.Value);
                }
            }
        }
        Assert.Equal(Enumerable.Range(0, 101).Select(i => (double)i), seen.Order());
        Assert.True(slices.Count(s => s is not null) > 1, "100 streams all in one of 4 shards");
    }
}
