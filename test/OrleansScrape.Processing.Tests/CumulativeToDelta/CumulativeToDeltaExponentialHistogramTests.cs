using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.Matching;
using static OrleansScrape.Processing.Tests.TestBatches;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.CumulativeToDelta;

/// <summary>Cumulative exponential histograms to deltas, one test per rule of the README.</summary>
public sealed class CumulativeToDeltaExponentialHistogramTests
{
    /// <summary>One cumulative exponential histogram point of the series "rpc.duration".</summary>
    private sealed record Exp(ulong Count, double Sum, int Scale, ulong ZeroCount, int PositiveOffset, ulong[] Positive,
        int NegativeOffset = 0, ulong[]? Negative = null, double ZeroThreshold = 0, DataPointFlags Flags = DataPointFlags.None);

    private static MetricBatch Batch(Exp point, long time, AggregationTemporality temporality = AggregationTemporality.Cumulative)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("rpc.duration", "", "ms", MetricType.ExponentialHistogram, temporality, false, scope);
        builder.AddExponentialHistogramPoint(0, time, point.Count, point.Sum, true, -1, true, 9, true, point.Scale, point.ZeroCount,
            point.ZeroThreshold, point.PositiveOffset, point.Positive, point.NegativeOffset, point.Negative ?? [], point.Flags,
            [new Attribute("method", "get")]);
        return builder.Build();
    }

    private static CumulativeToDeltaProcessor Processor(ResetPolicy reset = ResetPolicy.KeepIncrease) =>
        new(new CumulativeToDeltaOptions { Reset = reset });

    // Feeds the points one per second and returns every emitted batch.
    private static List<MetricBatch> Run(CumulativeToDeltaProcessor processor, params Exp[] points) =>
        points.Select((p, i) => processor.Process(Batch(p, (i + 1) * Second))).ToList();

    private static (ExponentialHistogramPoint Point, ulong[] Positive, ulong[] Negative)[] Emitted(IEnumerable<MetricBatch> batches) =>
        batches.SelectMany(b => b.ExponentialHistogramPoints.ToArray().Select(p =>
            (p, b.PositiveBucketCountsOf(p).ToArray(), b.NegativeBucketCountsOf(p).ToArray()))).ToArray();

    [Fact]
    public void Count_sum_zero_count_and_buckets_become_differences_from_the_previous_point()
    {
        var output = Emitted(Run(Processor(),
            new Exp(6, 10, 2, 1, 3, [2, 3], -1, [0]),
            new Exp(10, 25, 2, 2, 3, [3, 5], -1, [1])));

        var (point, positive, negative) = Assert.Single(output);
        Assert.Equal((4UL, 15.0, 1UL, 2, 3, -1), (point.Count, point.Sum, point.ZeroCount, point.Scale, point.PositiveOffset, point.NegativeOffset));
        Assert.Equal([1UL, 2], positive);
        Assert.Equal([1UL], negative);
        Assert.Equal((Second, 2 * Second), (point.StartTimeUnixNano, point.TimeUnixNano));
    }

    [Fact]
    public void Output_is_delta_temporality()
    {
        var batches = Run(Processor(), new Exp(1, 1, 0, 0, 0, [1]), new Exp(2, 2, 0, 0, 0, [2]));

        Assert.Equal(AggregationTemporality.Delta, Assert.Single(batches[^1].Metrics).Temporality);
    }

    [Fact]
    public void Min_and_max_are_removed_from_deltas()
    {
        var (point, _, _) = Assert.Single(Emitted(Run(Processor(), new Exp(1, 1, 0, 0, 0, [1]), new Exp(2, 2, 0, 0, 0, [2]))));

        Assert.False(point.HasMin);
        Assert.False(point.HasMax);
    }

    [Fact]
    public void Buckets_are_aligned_by_offset_when_the_range_grows()
    {
        // Index 4 and 5 hold 2 and 3; the later point adds bucket 3 below and bucket 6 above.
        var (point, positive, _) = Assert.Single(Emitted(Run(Processor(),
            new Exp(5, 5, 0, 0, 4, [2, 3]),
            new Exp(9, 9, 0, 0, 3, [1, 2, 4, 2]))));

        Assert.Equal(3, point.PositiveOffset);
        Assert.Equal([1UL, 0, 1, 2], positive);
    }

    [Fact]
    public void A_lower_scale_merges_the_previous_buckets_before_subtracting()
    {
        // At scale 1 buckets 2,3 merge into bucket 1 of scale 0, and bucket 4 into bucket 2.
        var (point, positive, _) = Assert.Single(Emitted(Run(Processor(),
            new Exp(6, 6, 1, 0, 2, [1, 2, 3]),
            new Exp(10, 10, 0, 0, 1, [5, 5]))));

        Assert.Equal(0, point.Scale);
        Assert.Equal([2UL, 2], positive);
        Assert.Equal(4UL, point.Count);
    }

    [Fact]
    public void A_wider_zero_threshold_folds_the_previous_buckets_within_it_into_the_zero_count()
    {
        // Scale 0: bucket 0 is (1, 2], bucket 1 is (2, 4]. A threshold of 2 holds bucket 0.
        var (point, positive, _) = Assert.Single(Emitted(Run(Processor(),
            new Exp(5, 5, 0, 1, 0, [2, 2]),
            new Exp(8, 8, 0, 4, 1, [4], ZeroThreshold: 2))));

        Assert.Equal(1UL, point.ZeroCount);
        Assert.Equal([2UL], positive);
    }

    [Theory]
    [InlineData("count decreases")]
    [InlineData("scale increases")]
    [InlineData("zero threshold narrows")]
    [InlineData("a bucket decreases")]
    [InlineData("a counted bucket disappears")]
    [InlineData("zero count decreases")]
    public void A_decrease_is_a_reset_dropped_under_reset_drop(string change)
    {
        var first = new Exp(10, 10, 1, 2, 0, [4, 4], ZeroThreshold: 0.5);
        var second = change switch
        {
            "count decreases" => first with { Count = 3, Positive = [1, 0], ZeroCount = 2 },
            "scale increases" => first with { Count = 12, Scale = 2, Positive = [4, 6] },
            "zero threshold narrows" => first with { Count = 12, ZeroThreshold = 0.25, Positive = [5, 5] },
            "a bucket decreases" => first with { Count = 12, Positive = [3, 7] },
            "a counted bucket disappears" => first with { Count = 12, PositiveOffset = 1, Positive = [10] },
            _ => first with { Count = 12, ZeroCount = 1, Positive = [5, 6] },
        };
        var processor = Processor(ResetPolicy.Drop);

        var output = Emitted(Run(processor, first, second, second with { Count = second.Count + 1, ZeroCount = second.ZeroCount + 1 }));

        // The reset point is only the new baseline; the next point is a delta from it.
        var (point, _, _) = Assert.Single(output);
        Assert.Equal((1UL, 1UL), (point.Count, point.ZeroCount));
    }

    [Fact]
    public void A_reset_under_keep_increase_emits_the_post_reset_histogram()
    {
        var (point, positive, _) = Assert.Single(Emitted(Run(Processor(),
            new Exp(10, 10, 0, 0, 0, [10]),
            new Exp(3, 4, 0, 1, 0, [2]))));

        Assert.Equal((3UL, 4.0, 1UL), (point.Count, point.Sum, point.ZeroCount));
        Assert.Equal([2UL], positive);
        Assert.Equal(Second, point.StartTimeUnixNano);
    }

    [Fact]
    public void No_recorded_value_points_are_dropped_without_touching_state()
    {
        var output = Emitted(Run(Processor(),
            new Exp(5, 5, 0, 0, 0, [5]),
            new Exp(0, 0, 0, 0, 0, [], Flags: DataPointFlags.NoRecordedValue),
            new Exp(7, 7, 0, 0, 0, [7])));

        var (point, _, _) = Assert.Single(output);
        Assert.Equal((2UL, Second), (point.Count, point.StartTimeUnixNano));
    }

    [Fact]
    public void Delta_exponential_histograms_pass_through_unchanged()
    {
        var input = Batch(new Exp(5, 5, 0, 0, 0, [5]), Second, AggregationTemporality.Delta);

        var output = Processor().Process(input);

        Assert.Equal(input.ExponentialHistogramPoints, output.ExponentialHistogramPoints);
        Assert.Equal(0, Processor().TrackedSeries);
    }

    [Fact]
    public void Metric_types_exponentialhistogram_selects_only_exponential_histograms()
    {
        var include = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions
        {
            Include = new DeltaMetricSelection { MetricTypes = [DeltaMetricType.ExponentialHistogram] },
            InitialValue = InitialValueMode.Keep,
        });
        var exclude = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions
        {
            Exclude = new DeltaMetricSelection { MetricTypes = [DeltaMetricType.ExponentialHistogram] },
            InitialValue = InitialValueMode.Keep,
        });
        var exponential = Batch(new Exp(1, 1, 0, 0, 0, [1]), Second);
        var histogram = Histogram("latency", Second, 1, 1, [1], [1, 0]);

        Assert.Equal(AggregationTemporality.Delta, include.Process(exponential).Metrics[0].Temporality);
        Assert.Equal(AggregationTemporality.Cumulative, include.Process(histogram).Metrics[0].Temporality);
        Assert.Equal(AggregationTemporality.Cumulative, exclude.Process(exponential).Metrics[0].Temporality);
        Assert.Equal(AggregationTemporality.Delta, exclude.Process(histogram).Metrics[0].Temporality);
    }

    [Fact]
    public void Restored_state_continues_the_deltas()
    {
        var points = new[]
        {
            new Exp(5, 5, 2, 1, -3, [1, 4], 2, [0, 0, 0]),
            new Exp(9, 9, 2, 1, -3, [2, 6], 2, [1, 0, 0]),
            new Exp(15, 20, 1, 2, -2, [10], 1, [2, 0]),
        };
        var original = Processor();
        Run(original, points[0]);
        var restored = Processor();

        restored.RestoreState(original.SaveState());

        Assert.Equal(1, restored.TrackedHistogramSeries);
        var expected = Emitted(points.Skip(1).Select((p, i) => original.Process(Batch(p, (i + 2) * Second))));
        var actual = Emitted(points.Skip(1).Select((p, i) => restored.Process(Batch(p, (i + 2) * Second))));
        Assert.Equal(2, expected.Length);
        Assert.Equal(expected.Select(e => (e.Point, string.Join(',', e.Positive), string.Join(',', e.Negative))),
            actual.Select(e => (e.Point, string.Join(',', e.Positive), string.Join(',', e.Negative))));
    }

    [Fact]
    public void State_bytes_count_the_bucket_counts_of_exponential_series()
    {
        var processor = Processor();
        var before = processor.StateBytes;

        processor.Process(Batch(new Exp(5, 5, 0, 0, 0, new ulong[40]), Second));

        Assert.True(processor.StateBytes - before >= 40 * sizeof(ulong));
    }
}
