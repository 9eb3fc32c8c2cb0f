using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.MetricStartTime;
using static OrleansScrape.Processing.Tests.TestBatches;

namespace OrleansScrape.Processing.Tests.MetricStartTime;

public sealed class MetricStartTimeProcessorTests
{
    private const long Millisecond = 1_000_000;
    private static readonly double[] Bounds = [1, 2];

    private static MetricStartTimeProcessor Processor(StartTimeStrategy strategy = StartTimeStrategy.TrueResetPoint, TimeProvider? clock = null, string? regex = null) =>
        new(new MetricStartTimeOptions { Strategy = strategy, StartTimeMetricRegex = regex }, clock);

    // Successive values of one cumulative sum at 10 s, 20 s, ...; returns the emitted points.
    private static List<NumberPoint> RunSum(MetricStartTimeProcessor processor, params double[] values) =>
        values.SelectMany((v, i) => processor.Process(Sum("c_total", (i + 1) * 10 * Second, v)).Points).ToList();

    private static List<HistogramPoint> RunHistogram(MetricStartTimeProcessor processor, params (ulong Count, double Sum, ulong[] Buckets, double[] Bounds)[] points) =>
        points.SelectMany((p, i) => processor.Process(Histogram("latency", (i + 1) * 10 * Second, p.Count, p.Sum, p.Bounds, p.Buckets)).HistogramPoints).ToList();

    private static List<SummaryPoint> RunSummary(MetricStartTimeProcessor processor, params (ulong Count, double Sum)[] points) =>
        points.SelectMany((p, i) => processor.Process(Summary("rpc_seconds", (i + 1) * 10 * Second, p.Count, p.Sum)).SummaryPoints).ToList();

    // A scrape with process_start_time_seconds (or another name) and a counter.
    private static MetricBatch WithStartMetric(string startMetricName, double startSeconds, long time, double value)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(startMetricName, "", "s", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, time, startSeconds, DataPointFlags.None, []);
        builder.BeginMetric("c_total", "", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        builder.AddPoint(0, time, value, DataPointFlags.None, []);
        return builder.Build();
    }

    private static long CounterStart(MetricBatch batch) => batch.PointsOf(batch.Metrics.Single(m => m.Name == "c_total"))[0].StartTimeUnixNano;

    // ---- true_reset_point ----

    [Fact]
    public void TrueResetPoint_FirstPoint_StartsAtItsOwnTimestamp()
    {
        var point = Assert.Single(RunSum(Processor(), 5));
        Assert.Equal(10 * Second, point.StartTimeUnixNano);
        Assert.Equal(5.0, point.Value);
    }

    [Fact]
    public void TrueResetPoint_LaterPoints_StartAtTheFirstPointsTimestamp()
    {
        var points = RunSum(Processor(), 5, 8, 12);
        Assert.All(points, p => Assert.Equal(10 * Second, p.StartTimeUnixNano));
        Assert.Equal([5.0, 8, 12], points.Select(p => p.Value));
    }

    [Fact]
    public void TrueResetPoint_SumDecrease_StartsOneMillisecondBeforeTheResetPoint()
    {
        var points = RunSum(Processor(), 5, 8, 2, 4);
        Assert.Equal([10 * Second, 10 * Second, 30 * Second - Millisecond, 30 * Second - Millisecond], points.Select(p => p.StartTimeUnixNano));
        Assert.Equal([5.0, 8, 2, 4], points.Select(p => p.Value));
    }

    [Fact]
    public void TrueResetPoint_HistogramCountDecrease_IsAReset()
    {
        var points = RunHistogram(Processor(), (10, 10, [10, 0, 0], Bounds), (5, 12, [5, 0, 0], Bounds));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void TrueResetPoint_HistogramSumDecrease_IsAReset()
    {
        var points = RunHistogram(Processor(), (10, 10, [10, 0, 0], Bounds), (10, 4, [10, 0, 0], Bounds));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void TrueResetPoint_HistogramBoundsChange_IsAReset()
    {
        var points = RunHistogram(Processor(), (10, 10, [10, 0, 0], Bounds), (12, 12, [10, 2, 0], [1, 3]));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void TrueResetPoint_HistogramBucketCountChange_IsAReset()
    {
        var points = RunHistogram(Processor(), (10, 10, [10, 0, 0], Bounds), (12, 12, [10, 2, 0, 0], [1, 2, 4]));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void TrueResetPoint_HistogramBucketDecrease_IsAReset()
    {
        var points = RunHistogram(Processor(), (10, 10, [5, 5, 0], Bounds), (12, 12, [2, 10, 0], Bounds));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void TrueResetPoint_HistogramGrowth_IsNotAReset()
    {
        var points = RunHistogram(Processor(), (10, 10, [5, 5, 0], Bounds), (12, 12, [6, 6, 0], Bounds));
        Assert.All(points, p => Assert.Equal(10 * Second, p.StartTimeUnixNano));
    }

    [Fact]
    public void TrueResetPoint_SummaryCountDecrease_IsAReset()
    {
        var points = RunSummary(Processor(), (10, 10), (4, 11));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void TrueResetPoint_SummarySumDecrease_IsAReset()
    {
        var points = RunSummary(Processor(), (10, 10), (11, 3));
        Assert.Equal(20 * Second - Millisecond, points[1].StartTimeUnixNano);
    }

    [Fact]
    public void NoRecordedValue_GetsTheSeriesStartWithoutTouchingState()
    {
        var processor = Processor();
        processor.Process(Sum("c_total", 10 * Second, 5));
        var stale = Assert.Single(processor.Process(Sum("c_total", 20 * Second, 0, DataPointFlags.NoRecordedValue)).Points);
        Assert.Equal(10 * Second, stale.StartTimeUnixNano);
        // 0 was not remembered as the previous value, so 6 is no reset.
        var next = Assert.Single(processor.Process(Sum("c_total", 30 * Second, 6)).Points);
        Assert.Equal(10 * Second, next.StartTimeUnixNano);
    }

    [Fact]
    public void Gauge_PassesThroughUnchanged()
    {
        var processor = Processor();
        var point = Assert.Single(processor.Process(Gauge("temperature", 10 * Second, 21)).Points);
        Assert.Equal(0, point.StartTimeUnixNano);
        Assert.Equal(0, processor.TrackedSeries);
    }

    [Fact]
    public void DeltaSum_PassesThroughUnchanged()
    {
        var point = Assert.Single(Processor().Process(Sum("c_total", 10 * Second, 3, temporality: AggregationTemporality.Delta)).Points);
        Assert.Equal(0, point.StartTimeUnixNano);
    }

    // ---- subtract_initial_point ----

    [Fact]
    public void SubtractInitialPoint_FirstPoint_IsDroppedAsReference()
    {
        var processor = Processor(StartTimeStrategy.SubtractInitialPoint);
        Assert.Equal(0, processor.Process(Sum("c_total", 10 * Second, 100)).PointCount);
        Assert.Equal(1, processor.TrackedSeries);
    }

    [Fact]
    public void SubtractInitialPoint_LaterPoints_SubtractTheReferenceAndStartAtIt()
    {
        var points = RunSum(Processor(StartTimeStrategy.SubtractInitialPoint), 100, 130, 175);
        Assert.Equal([30.0, 75], points.Select(p => p.Value));
        Assert.All(points, p => Assert.Equal(10 * Second, p.StartTimeUnixNano));
    }

    [Fact]
    public void SubtractInitialPoint_Histogram_SubtractsCountSumAndBuckets()
    {
        var processor = Processor(StartTimeStrategy.SubtractInitialPoint);
        processor.Process(Histogram("latency", 10 * Second, 10, 20, Bounds, [5, 3, 2]));
        var output = processor.Process(Histogram("latency", 20 * Second, 16, 29, Bounds, [8, 5, 3]));
        var point = Assert.Single(output.HistogramPoints);
        Assert.Equal((6UL, 9.0, 10 * Second), (point.Count, point.Sum, point.StartTimeUnixNano));
        Assert.Equal([3UL, 2, 1], output.BucketCountsOf(point).ToArray());
    }

    [Fact]
    public void SubtractInitialPoint_Summary_SubtractsCountAndSum()
    {
        var points = RunSummary(Processor(StartTimeStrategy.SubtractInitialPoint), (10, 10), (15, 18));
        var point = Assert.Single(points);
        Assert.Equal((5UL, 8.0, 10 * Second), (point.Count, point.Sum, point.StartTimeUnixNano));
    }

    [Fact]
    public void SubtractInitialPoint_PointWithStartTime_PassesThrough()
    {
        var processor = Processor(StartTimeStrategy.SubtractInitialPoint);
        var point = Assert.Single(processor.Process(Sum("c_total", 10 * Second, 100, start: 5 * Second)).Points);
        Assert.Equal((100.0, 5 * Second), (point.Value, point.StartTimeUnixNano));
        Assert.Equal(0, processor.TrackedSeries);
    }

    [Fact]
    public void SubtractInitialPoint_Reset_EmitsThePointAsIsAndZeroesTheReference()
    {
        var points = RunSum(Processor(StartTimeStrategy.SubtractInitialPoint), 100, 130, 20, 25);
        Assert.Equal([30.0, 20, 25], points.Select(p => p.Value));
        Assert.Equal([10 * Second, 30 * Second - Millisecond, 30 * Second - Millisecond], points.Select(p => p.StartTimeUnixNano));
    }

    [Fact]
    public void SubtractInitialPoint_HistogramReset_EmitsThePointAsIs()
    {
        var processor = Processor(StartTimeStrategy.SubtractInitialPoint);
        processor.Process(Histogram("latency", 10 * Second, 10, 20, Bounds, [5, 3, 2]));
        var output = processor.Process(Histogram("latency", 20 * Second, 4, 6, Bounds, [2, 1, 1]));
        var point = Assert.Single(output.HistogramPoints);
        Assert.Equal((4UL, 6.0, 20 * Second - Millisecond), (point.Count, point.Sum, point.StartTimeUnixNano));
        Assert.Equal([2UL, 1, 1], output.BucketCountsOf(point).ToArray());
    }

    // ---- start_time_metric ----

    [Fact]
    public void StartTimeMetric_StartIsTheProcessStartTimeSeconds()
    {
        var processor = Processor(StartTimeStrategy.StartTimeMetric);
        var output = processor.Process(WithStartMetric("process_start_time_seconds", 1000.5, 2000 * Second, 7));
        Assert.Equal(1000 * Second + 500 * Millisecond, CounterStart(output));
        // The start time metric is a gauge: it is left alone.
        Assert.Equal(0, output.Points[0].StartTimeUnixNano);
    }

    [Fact]
    public void StartTimeMetric_Regex_SelectsTheMetric()
    {
        var processor = Processor(StartTimeStrategy.StartTimeMetric, regex: "^app_started_seconds$");
        var output = processor.Process(WithStartMetric("app_started_seconds", 1500, 2000 * Second, 7));
        Assert.Equal(1500 * Second, CounterStart(output));
    }

    [Fact]
    public void StartTimeMetric_Missing_FallsBackToTheProcessorStart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1234.7));
        var processor = Processor(StartTimeStrategy.StartTimeMetric, clock);
        var output = processor.Process(WithStartMetric("other_gauge", 1000, 2000 * Second, 7));
        Assert.Equal(1234 * Second, CounterStart(output));
    }

    [Fact]
    public void StartTimeMetric_Reset_StartsOneMillisecondBeforeTheResetPoint()
    {
        var processor = Processor(StartTimeStrategy.StartTimeMetric);
        processor.Process(WithStartMetric("process_start_time_seconds", 1000, 2000 * Second, 7));
        var reset = processor.Process(WithStartMetric("process_start_time_seconds", 1000, 2010 * Second, 3));
        Assert.Equal(2010 * Second - Millisecond, CounterStart(reset));
    }

    // ---- common ----

    [Fact]
    public void GcInterval_ForgetsSeriesNotSeenSinceTheLastSweep()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = new MetricStartTimeProcessor(new MetricStartTimeOptions { GcInterval = TimeSpan.FromMinutes(10) }, clock);
        processor.Process(Sum("a_total", 10 * Second, 1));
        processor.Process(Histogram("latency", 10 * Second, 1, 1, Bounds, [1, 0, 0]));
        clock.Advance(TimeSpan.FromMinutes(5));
        processor.Process(Sum("b_total", 20 * Second, 1));
        clock.Advance(TimeSpan.FromMinutes(6));
        // First sweep: everything was seen after the processor started, so nothing goes.
        processor.Process(Sum("b_total", 30 * Second, 2));
        Assert.Equal(3, processor.TrackedSeries);
        clock.Advance(TimeSpan.FromMinutes(11));
        // Second sweep: a_total and latency were not seen since the first one.
        processor.Process(Sum("b_total", 40 * Second, 3));
        Assert.Equal(1, processor.TrackedSeries);
    }

    [Fact]
    public void Options_StartTimeMetricRegexWithOtherStrategy_IsRefused()
    {
        var options = new MetricStartTimeOptions { StartTimeMetricRegex = "x" };
        Assert.Contains(options.Validate(), p => p.ToString().Contains("start_time_metric_regex"));
        Assert.Throws<ArgumentException>(() => new MetricStartTimeProcessor(options));
    }

    [Fact]
    public void Options_NonPositiveGcInterval_IsRefused()
    {
        Assert.Contains(new MetricStartTimeOptions { GcInterval = TimeSpan.Zero }.Validate(), p => p.ToString().Contains("gc_interval"));
    }

    [Theory]
    [InlineData(StartTimeStrategy.TrueResetPoint)]
    [InlineData(StartTimeStrategy.SubtractInitialPoint)]
    [InlineData(StartTimeStrategy.StartTimeMetric)]
    public void SteadyPath_AllocatesOnlyTheOutputBatch(StartTimeStrategy strategy)
    {
        var processor = Processor(strategy);
        var sums = Enumerable.Range(1, 3).Select(i => ManySeries("c_total", MetricType.Sum, 1000, i * Second, i)).ToArray();
        var histograms = Enumerable.Range(1, 3).Select(i => ManySeries("latency", MetricType.Histogram, 1000, i * Second, i)).ToArray();
        for (var i = 0; i < 2; i++)
        {
            processor.Process(sums[i]);
            processor.Process(histograms[i]);
        }
        Assert.InRange(AllocatedBeyondOutput(() => processor.Process(sums[2])), long.MinValue, 4096);
        Assert.InRange(AllocatedBeyondOutput(() => processor.Process(histograms[2])), long.MinValue, 4096);
    }
}
