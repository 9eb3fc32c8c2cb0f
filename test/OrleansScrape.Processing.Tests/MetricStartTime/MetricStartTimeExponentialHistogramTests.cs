using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.MetricStartTime;
using static OrleansScrape.Processing.Tests.TestBatches;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.MetricStartTime;

/// <summary>metric_start_time on cumulative exponential histograms: resets as for histograms, layout by scale and zero threshold.</summary>
public sealed class MetricStartTimeExponentialHistogramTests
{
    private const long Millisecond = 1_000_000;

    private sealed record Exp(ulong Count, double Sum, int Scale, ulong ZeroCount, int PositiveOffset, ulong[] Positive,
        int NegativeOffset = 0, ulong[]? Negative = null, double ZeroThreshold = 0);

    private static MetricBatch Batch(Exp point, long time)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("rpc.duration", "", "ms", MetricType.ExponentialHistogram, AggregationTemporality.Cumulative, false, scope);
        builder.AddExponentialHistogramPoint(0, time, point.Count, point.Sum, true, 0.5, true, 9, true, point.Scale, point.ZeroCount,
            point.ZeroThreshold, point.PositiveOffset, point.Positive, point.NegativeOffset, point.Negative ?? [], DataPointFlags.None,
            [new Attribute("method", "get")]);
        return builder.Build();
    }

    private static MetricStartTimeProcessor Processor(StartTimeStrategy strategy = StartTimeStrategy.TrueResetPoint) =>
        new(new MetricStartTimeOptions { Strategy = strategy });

    // Points at 10 s, 20 s, ...; returns the emitted points with their bucket counts.
    private static List<(ExponentialHistogramPoint Point, ulong[] Positive, ulong[] Negative)> Run(MetricStartTimeProcessor processor, params Exp[] points) =>
        points.Select((p, i) => processor.Process(Batch(p, (i + 1) * 10 * Second)))
            .SelectMany(b => b.ExponentialHistogramPoints.ToArray().Select(p => (p, b.PositiveBucketCountsOf(p).ToArray(), b.NegativeBucketCountsOf(p).ToArray())))
            .ToList();

    [Fact]
    public void TrueResetPoint_ExponentialHistogram_StartsAtTheFirstPointsTimestamp_EvenWhenItsRangeGrows()
    {
        var points = Run(Processor(), new Exp(2, 2, 3, 0, 5, [1, 1]), new Exp(5, 9, 3, 1, 2, [1, 0, 0, 2, 1]));

        Assert.Equal([10 * Second, 10 * Second], points.Select(p => p.Point.StartTimeUnixNano));
        Assert.Equal([1UL, 0, 0, 2, 1], points[1].Positive);
    }

    [Theory]
    [InlineData("count decreases")]
    [InlineData("sum decreases")]
    [InlineData("scale changes")]
    [InlineData("zero threshold changes")]
    public void TrueResetPoint_ExponentialHistogram_ResetStartsOneMillisecondBeforeIt(string change)
    {
        var first = new Exp(10, 10, 3, 0, 0, [10], ZeroThreshold: 0.001);
        var second = change switch
        {
            "count decreases" => first with { Count = 4, Positive = [4] },
            "sum decreases" => first with { Count = 11, Sum = 5, Positive = [11] },
            "scale changes" => first with { Count = 11, Scale = 2, Positive = [11] },
            _ => first with { Count = 11, ZeroThreshold = 0.01, Positive = [11] },
        };

        var points = Run(Processor(), first, second, second with { Count = second.Count + 1 });

        Assert.Equal([10 * Second, 20 * Second - Millisecond, 20 * Second - Millisecond], points.Select(p => p.Point.StartTimeUnixNano));
    }

    [Fact]
    public void SubtractInitialPoint_ExponentialHistogram_SubtractsCountSumZeroCountAndBucketsByIndex()
    {
        var points = Run(Processor(StartTimeStrategy.SubtractInitialPoint),
            new Exp(6, 10, 1, 1, 4, [2, 3], -2, [0]),
            new Exp(12, 25, 1, 2, 3, [1, 4, 3, 1], -2, [1]));

        var (point, positive, negative) = Assert.Single(points);
        Assert.Equal((6UL, 15.0, 1UL), (point.Count, point.Sum, point.ZeroCount));
        Assert.Equal([1UL, 2, 0, 1], positive);
        Assert.Equal([1UL], negative);
        Assert.Equal(10 * Second, point.StartTimeUnixNano);
    }

    [Fact]
    public void SubtractInitialPoint_ExponentialHistogram_RestoredStateKeepsTheReference()
    {
        var original = Processor(StartTimeStrategy.SubtractInitialPoint);
        Run(original, new Exp(6, 10, 1, 1, 4, [2, 3], -2, [0]));
        var restored = Processor(StartTimeStrategy.SubtractInitialPoint);

        restored.RestoreState(original.SaveState());

        var output = restored.Process(Batch(new Exp(12, 25, 1, 2, 3, [1, 4, 3, 1], -2, [1]), 20 * Second));

        var point = Assert.Single(output.ExponentialHistogramPoints);
        Assert.Equal((6UL, 15.0, 1UL), (point.Count, point.Sum, point.ZeroCount));
        Assert.Equal(10 * Second, point.StartTimeUnixNano);
        Assert.Equal([1UL, 2, 0, 1], output.PositiveBucketCountsOf(point).ToArray());
    }
}
