using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.Matching;
using static OrleansScrape.Processing.Tests.TestBatches;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.CumulativeToDelta;

public sealed class CumulativeToDeltaProcessorTests
{
    private static readonly double? NoValue = null;
    private static readonly double[] Bounds = [1, 2];

    // Feeds successive cumulative values of one series (null = a NoRecordedValue point) and returns the emitted points.
    private static List<NumberPoint> Run(CumulativeToDeltaProcessor processor, params double?[] values)
    {
        var output = new List<NumberPoint>();
        for (var i = 0; i < values.Length; i++)
        {
            var flags = values[i] is null ? DataPointFlags.NoRecordedValue : DataPointFlags.None;
            var batch = processor.Process(Counter("requests_total", (i + 1) * Second, values[i] ?? 0, flags));
            output.AddRange(batch.Points);
        }
        return output;
    }

    private static MetricBatch Counter(string name, long time, double value, DataPointFlags flags = DataPointFlags.None, long start = 0, params Attribute[] attributes) =>
        Sum(name, time, value, flags, start, attributes: attributes);

    private static CumulativeToDeltaProcessor Processor(InitialValueMode mode = InitialValueMode.Auto, TimeProvider? clock = null, ResetPolicy reset = ResetPolicy.KeepIncrease) =>
        new(new CumulativeToDeltaOptions { InitialValue = mode, Reset = reset }, clock);

    private static CumulativeToDeltaProcessor Processor(CumulativeToDeltaOptions options) => new(options);

    // Feeds histogram points (count, sum, buckets, bounds) of one series and returns the emitted batches.
    private static List<MetricBatch> RunHistogram(CumulativeToDeltaProcessor processor, params (ulong Count, double Sum, ulong[] Buckets, double[] Bounds)[] points) =>
        points.Select((p, i) => processor.Process(Histogram("latency", (i + 1) * Second, p.Count, p.Sum, p.Bounds, p.Buckets))).ToList();

    private static List<HistogramPoint> HistogramPoints(IEnumerable<MetricBatch> batches) => batches.SelectMany(b => b.HistogramPoints).ToList();

    // ---- upstream test cases (semantics.md §3) ----

    [Fact]
    public void Upstream_MonotonicIncreases_EmitDifferences()
    {
        var points = Run(Processor(), 0, 100, 200, 500);
        Assert.Equal([100.0, 100.0, 300.0], points.Select(p => p.Value));
    }

    [Fact]
    public void Upstream_NaNValue_PassesThrough()
    {
        var points = Run(Processor(), 0, 100, 200, double.NaN);
        Assert.Equal(3, points.Count);
        Assert.Equal([100.0, 100.0], points.Take(2).Select(p => p.Value));
        Assert.True(double.IsNaN(points[2].Value));
    }

    [Fact]
    public void Upstream_NoRecordedValue_IsDroppedWithoutTouchingState()
    {
        Assert.Equal([100.0, 100.0, 200.0], Run(Processor(), 0, 100, NoValue, 200, 400).Select(p => p.Value));
        Assert.Equal([100.0, 300.0], Run(Processor(), 0, 100, NoValue, NoValue, 400).Select(p => p.Value));
    }

    [Fact]
    public void Upstream_Reset_Drop_DropsThePointAndRebaselines()
    {
        Assert.Equal([5.0, 15.0, 10.0], Run(Processor(reset: ResetPolicy.Drop), 100, 105, 120, 100, 110).Select(p => p.Value));
    }

    [Fact]
    public void Upstream_Reset_KeepIncreaseDefault_EmitsThePostResetValue()
    {
        var points = Run(Processor(), 100, 105, 120, 100, 110);
        Assert.Equal([5.0, 15.0, 100.0, 10.0], points.Select(p => p.Value));
        // The increase since the restart covers the interval since the previous scrape.
        Assert.Equal(3 * Second, points[2].StartTimeUnixNano);
        Assert.Equal(4 * Second, points[2].TimeUnixNano);
    }

    [Fact]
    public void Upstream_HistogramCounts_EmitBucketWiseDeltas()
    {
        var processor = Processor();
        var points = HistogramPoints(RunHistogram(processor,
            (0, 0, [0, 0, 0], Bounds),
            (100, 100, [20, 30, 50], Bounds),
            (200, 200, [40, 60, 100], Bounds),
            (500, 500, [100, 150, 250], Bounds)));
        Assert.Equal([100UL, 100, 300], points.Select(p => p.Count));
        Assert.Equal([100.0, 100, 300], points.Select(p => p.Sum));
        var output = processor.Process(Histogram("latency", 5 * Second, 600, 600, Bounds, [120, 170, 310]));
        Assert.Equal([20UL, 20, 60], output.BucketCountsOf(output.HistogramPoints[0]).ToArray());
        Assert.Equal(Bounds, output.BoundsOf(output.HistogramPoints[0]).ToArray());
        Assert.Equal(AggregationTemporality.Delta, Assert.Single(output.Metrics).Temporality);
    }

    [Fact]
    public void Upstream_HistogramBoundsChange_DropsThePointAndRebases()
    {
        double[] newBounds = [1, 2, 4];
        var points = HistogramPoints(RunHistogram(Processor(),
            (0, 0, [0, 0, 0], Bounds),
            (100, 100, [20, 30, 50], Bounds),
            (200, 200, [40, 60, 50, 50], newBounds),
            (500, 500, [100, 150, 150, 100], newBounds)));
        Assert.Equal([100UL, 300], points.Select(p => p.Count));
    }

    [Fact]
    public void Upstream_HistogramNaNSum_KeepsThePreviousSumInState()
    {
        var points = HistogramPoints(RunHistogram(Processor(),
            (0, 0, [0, 0, 0], Bounds),
            (10, 100, [10, 0, 0], Bounds),
            (20, double.NaN, [20, 0, 0], Bounds),
            (50, 500, [50, 0, 0], Bounds)));
        Assert.Equal(100.0, points[0].Sum);
        Assert.True(double.IsNaN(points[1].Sum));
        Assert.Equal(400.0, points[2].Sum);
        Assert.Equal([10UL, 10, 30], points.Select(p => p.Count));
    }

    [Fact]
    public void Upstream_AutoStartedAfterProcessor_Drop()
    {
        Assert.Equal<double?>([100, 125, null, 225, 25], RunStartedAfterProcessor(ResetPolicy.Drop));
    }

    [Fact]
    public void Upstream_AutoStartedAfterProcessor_KeepIncreaseDefault()
    {
        Assert.Equal<double?>([100, 125, 75, 225, 25], RunStartedAfterProcessor(ResetPolicy.KeepIncrease));
    }

    // 100, 225, 75, 300, 325 with a start time after the processor's start; null = nothing emitted.
    private static List<double?> RunStartedAfterProcessor(ResetPolicy reset)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = Processor(InitialValueMode.Auto, clock, reset);
        var start = 1001 * Second;
        var outputs = new[] { 100.0, 225, 75, 300, 325 }
            .Select((v, i) => processor.Process(Counter("c_total", start + (i + 1) * Second, v, start: start)).Points)
            .ToList();
        Assert.Equal(start, outputs[0][0].StartTimeUnixNano);
        return outputs.Select(points => points.Length == 0 ? (double?)null : Assert.Single(points).Value).ToList();
    }

    // ---- rules ----

    [Fact]
    public void Delta_StartsAtThePreviousPointsTimestamp()
    {
        var points = Run(Processor(), 0, 100, 200);
        Assert.Equal([1 * Second, 2 * Second], points.Select(p => p.StartTimeUnixNano));
        Assert.Equal([2 * Second, 3 * Second], points.Select(p => p.TimeUnixNano));
    }

    [Fact]
    public void Output_IsDeltaTemporality()
    {
        var processor = Processor();
        processor.Process(Counter("c_total", Second, 1));
        var output = processor.Process(Counter("c_total", 2 * Second, 3));
        var metric = Assert.Single(output.Metrics);
        Assert.Equal(AggregationTemporality.Delta, metric.Temporality);
        Assert.True(metric.IsMonotonic);
    }

    [Fact]
    public void NaN_LeavesStateUntouched()
    {
        var points = Run(Processor(), 0, 100, 200, double.NaN, 250);
        Assert.Equal(4, points.Count);
        Assert.Equal(50.0, points[3].Value);
    }

    [Fact]
    public void FirstPoint_Auto_WithoutStartTime_IsDropped()
    {
        var output = Processor().Process(Counter("c_total", Second, 42));
        Assert.Equal(0, output.PointCount);
    }

    [Fact]
    public void FirstPoint_Auto_StartedBeforeProcessor_IsDropped()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var output = Processor(InitialValueMode.Auto, clock).Process(Counter("c_total", 1010 * Second, 100, start: 900 * Second));
        Assert.Equal(0, output.PointCount);
    }

    [Fact]
    public void FirstPoint_Keep_IsEmittedAsIs()
    {
        Assert.Equal([0.0, 100.0, 100.0], Run(Processor(InitialValueMode.Keep), 0, 100, 200).Select(p => p.Value));
    }

    [Fact]
    public void FirstPoint_Drop_IsNeverEmitted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var output = Processor(InitialValueMode.Drop, clock).Process(Counter("c_total", 1010 * Second, 100, start: 1005 * Second));
        Assert.Equal(0, output.PointCount);
    }

    [Fact]
    public void SeriesIdentity_IncludesPointAttributes()
    {
        var processor = Processor();
        processor.Process(Counter("c_total", Second, 10, attributes: new Attribute("code", "200")));
        processor.Process(Counter("c_total", Second, 50, attributes: new Attribute("code", "500")));
        var output = processor.Process(Counter("c_total", 2 * Second, 15, attributes: new Attribute("code", "200")));
        Assert.Equal(5.0, Assert.Single(output.Points).Value);
        Assert.Equal(2, processor.TrackedSeries);
    }

    [Fact]
    public void SeriesIdentity_IgnoresAttributeOrder()
    {
        var processor = Processor();
        processor.Process(Counter("c_total", Second, 10, attributes: [new Attribute("a", "1"), new Attribute("b", "2")]));
        var output = processor.Process(Counter("c_total", 2 * Second, 15, attributes: [new Attribute("b", "2"), new Attribute("a", "1")]));
        Assert.Equal(5.0, Assert.Single(output.Points).Value);
    }

    [Fact]
    public void SeriesIdentity_IncludesStartTime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = Processor(InitialValueMode.Drop, clock);
        processor.Process(Counter("c_total", 1010 * Second, 100, start: 1001 * Second));
        // A new start time means a new series: its first point is a baseline, not a delta against 100.
        var output = processor.Process(Counter("c_total", 1020 * Second, 150, start: 1015 * Second));
        Assert.Equal(0, output.PointCount);
        Assert.Equal(2, processor.TrackedSeries);
    }

    [Fact]
    public void Gauge_PassesThroughUnchanged()
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("temperature", "help", "Cel", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, Second, 21.5, DataPointFlags.None, [new Attribute("room", "a")]);
        var output = Processor().Process(builder.Build());
        var metric = Assert.Single(output.Metrics);
        Assert.Equal(MetricType.Gauge, metric.Type);
        Assert.Equal("Cel", metric.Unit);
        Assert.Equal(21.5, Assert.Single(output.Points).Value);
        Assert.Equal(new Attribute("room", "a"), Assert.Single(output.AttributesOf(output.Points[0]).ToArray()));
    }

    [Fact]
    public void NonMonotonicCumulativeSum_PassesThroughUnchanged()
    {
        var output = Processor().Process(Sum("queue_depth", Second, 7, monotonic: false));
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(output.Metrics).Temporality);
        Assert.Equal(7.0, Assert.Single(output.Points).Value);
    }

    [Fact]
    public void Summary_PassesThroughUnchanged()
    {
        var processor = Processor();
        processor.Process(Summary("rpc_seconds", Second, 10, 5));
        var output = processor.Process(Summary("rpc_seconds", 2 * Second, 20, 9));
        var point = Assert.Single(output.SummaryPoints);
        Assert.Equal((20UL, 9.0), (point.Count, point.Sum));
        Assert.Equal(2, output.QuantilesOf(point).Length);
        Assert.Equal(0, processor.TrackedSeries);
    }

    [Fact]
    public void DeltaHistogram_PassesThroughUnchanged()
    {
        var output = Processor().Process(Histogram("latency", Second, 5, 2, Bounds, [1, 2, 2], temporality: AggregationTemporality.Delta));
        Assert.Equal(5UL, Assert.Single(output.HistogramPoints).Count);
    }

    [Fact]
    public void HistogramReset_Drop_DropsThePointAndRebases()
    {
        var points = HistogramPoints(RunHistogram(Processor(reset: ResetPolicy.Drop),
            (10, 10, [10, 0, 0], Bounds),
            (20, 20, [20, 0, 0], Bounds),
            (5, 5, [5, 0, 0], Bounds),
            (8, 8, [8, 0, 0], Bounds)));
        Assert.Equal([10UL, 3], points.Select(p => p.Count));
    }

    [Fact]
    public void HistogramReset_KeepIncrease_EmitsThePostResetHistogram()
    {
        var batches = RunHistogram(Processor(),
            (10, 10, [10, 0, 0], Bounds),
            (20, 20, [20, 0, 0], Bounds),
            (5, 5, [4, 1, 0], Bounds),
            (8, 8, [6, 2, 0], Bounds));
        var points = HistogramPoints(batches);
        Assert.Equal([10UL, 5, 3], points.Select(p => p.Count));
        Assert.Equal([10.0, 5, 3], points.Select(p => p.Sum));
        Assert.Equal([4UL, 1, 0], batches[2].BucketCountsOf(batches[2].HistogramPoints[0]).ToArray());
        Assert.Equal([2UL, 1, 0], batches[3].BucketCountsOf(batches[3].HistogramPoints[0]).ToArray());
    }

    [Fact]
    public void HistogramBucketDecrease_IsAReset()
    {
        // The count grows but a bucket shrinks: not a histogram that only accumulated.
        var points = HistogramPoints(RunHistogram(Processor(reset: ResetPolicy.Drop),
            (0, 0, [0, 0, 0], Bounds),
            (10, 10, [5, 5, 0], Bounds),
            (12, 12, [2, 10, 0], Bounds)));
        Assert.Equal([10UL], points.Select(p => p.Count));
    }

    [Fact]
    public void HistogramNoRecordedValue_IsDroppedWithoutTouchingState()
    {
        var processor = Processor();
        processor.Process(Histogram("latency", Second, 10, 10, Bounds, [10, 0, 0]));
        var stale = processor.Process(Histogram("latency", 2 * Second, 0, 0, Bounds, [0, 0, 0], DataPointFlags.NoRecordedValue));
        Assert.Equal(0, stale.PointCount);
        var output = processor.Process(Histogram("latency", 3 * Second, 15, 15, Bounds, [15, 0, 0]));
        var point = Assert.Single(output.HistogramPoints);
        Assert.Equal(5UL, point.Count);
        Assert.Equal(Second, point.StartTimeUnixNano);
    }

    [Fact]
    public void HistogramFirstPoint_Keep_IsEmittedAsIs()
    {
        var output = Processor(InitialValueMode.Keep).Process(Histogram("latency", Second, 10, 4, Bounds, [7, 3, 0]));
        var point = Assert.Single(output.HistogramPoints);
        Assert.Equal(10UL, point.Count);
        Assert.Equal([7UL, 3, 0], output.BucketCountsOf(point).ToArray());
    }

    [Fact]
    public void Include_Strict_ConvertsOnlyTheNamedMetrics()
    {
        var processor = Processor(new CumulativeToDeltaOptions
        {
            Include = new DeltaMetricSelection { Metrics = ["a_total"], MatchType = MetricMatchType.Strict },
        });
        processor.Process(Counter("a_total", Second, 1));
        processor.Process(Counter("b_total", Second, 1));
        Assert.Equal(AggregationTemporality.Delta, Assert.Single(processor.Process(Counter("a_total", 2 * Second, 2)).Metrics).Temporality);
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(processor.Process(Counter("b_total", 2 * Second, 2)).Metrics).Temporality);
    }

    [Fact]
    public void Include_Regexp_MatchesAnywhereInTheName()
    {
        var processor = Processor(new CumulativeToDeltaOptions
        {
            InitialValue = InitialValueMode.Keep,
            Include = new DeltaMetricSelection { Metrics = ["http_"], MatchType = MetricMatchType.Regexp },
        });
        Assert.Equal(AggregationTemporality.Delta, Assert.Single(processor.Process(Counter("app_http_requests_total", Second, 1)).Metrics).Temporality);
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(processor.Process(Counter("rpc_total", Second, 1)).Metrics).Temporality);
    }

    [Fact]
    public void Include_MetricTypes_ConvertsOnlyThoseTypes()
    {
        var processor = Processor(new CumulativeToDeltaOptions
        {
            InitialValue = InitialValueMode.Keep,
            Include = new DeltaMetricSelection { MetricTypes = [DeltaMetricType.Histogram] },
        });
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(processor.Process(Counter("a_total", Second, 1)).Metrics).Temporality);
        Assert.Equal(AggregationTemporality.Delta, Assert.Single(processor.Process(Histogram("latency", Second, 1, 1, Bounds, [1, 0, 0])).Metrics).Temporality);
    }

    [Fact]
    public void Exclude_WinsOverInclude()
    {
        var processor = Processor(new CumulativeToDeltaOptions
        {
            InitialValue = InitialValueMode.Keep,
            Include = new DeltaMetricSelection { Metrics = [".*_total"], MatchType = MetricMatchType.Regexp },
            Exclude = new DeltaMetricSelection { Metrics = ["b_total"], MatchType = MetricMatchType.Strict },
        });
        Assert.Equal(AggregationTemporality.Delta, Assert.Single(processor.Process(Counter("a_total", Second, 1)).Metrics).Temporality);
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(processor.Process(Counter("b_total", Second, 1)).Metrics).Temporality);
    }

    [Fact]
    public void Exclude_MetricTypes_LeavesThoseTypesCumulative()
    {
        var processor = Processor(new CumulativeToDeltaOptions
        {
            InitialValue = InitialValueMode.Keep,
            Exclude = new DeltaMetricSelection { MetricTypes = [DeltaMetricType.Histogram] },
        });
        Assert.Equal(AggregationTemporality.Delta, Assert.Single(processor.Process(Counter("a_total", Second, 1)).Metrics).Temporality);
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(processor.Process(Histogram("latency", Second, 1, 1, Bounds, [1, 0, 0])).Metrics).Temporality);
    }

    [Fact]
    public void Options_MetricsWithoutMatchType_AreRefused()
    {
        var problems = new CumulativeToDeltaOptions { Include = new DeltaMetricSelection { Metrics = ["a"] } }.Validate();
        Assert.Contains(problems, p => p.ToString().Contains("match_type must be set if metrics are supplied"));
    }

    [Fact]
    public void Options_MatchTypeWithoutMetrics_IsRefused()
    {
        var problems = new CumulativeToDeltaOptions { Exclude = new DeltaMetricSelection { MatchType = MetricMatchType.Strict } }.Validate();
        Assert.Contains(problems, p => p.ToString().Contains("metrics must be supplied if match_type is set"));
    }

    [Fact]
    public void Options_InvalidRegexp_IsRefused()
    {
        var options = new CumulativeToDeltaOptions { Include = new DeltaMetricSelection { Metrics = ["(unclosed"], MatchType = MetricMatchType.Regexp } };
        Assert.Contains(options.Validate(), p => p.ToString().Contains("not a valid regular expression"));
        Assert.Throws<ArgumentException>(() => new CumulativeToDeltaProcessor(options));
    }

    [Fact]
    public void MaxStaleness_EvictsStateSoTheNextPointIsAFirstPoint()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions { MaxStaleness = TimeSpan.FromMinutes(5) }, clock);
        processor.Process(Counter("c_total", Second, 10));
        processor.Process(Histogram("latency", Second, 10, 10, Bounds, [10, 0, 0]));
        Assert.Equal(2, processor.TrackedSeries);
        clock.Advance(TimeSpan.FromMinutes(6));
        processor.Process(Counter("other_total", 2 * Second, 1));
        Assert.Equal(1, processor.TrackedSeries);
        Assert.Equal(0, processor.TrackedHistogramSeries);
        var output = processor.Process(Counter("c_total", 3 * Second, 20));
        Assert.Equal(0, output.PointCount);
    }

    [Fact]
    public void MaxStaleness_Zero_KeepsStateForever()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions { MaxStaleness = TimeSpan.Zero }, clock);
        processor.Process(Counter("c_total", Second, 10));
        clock.Advance(TimeSpan.FromDays(30));
        var output = processor.Process(Counter("c_total", 2 * Second, 15));
        Assert.Equal(5.0, Assert.Single(output.Points).Value);
    }

    [Fact]
    public void State_NumberSeries_StaysWithin128BytesPerSeries()
    {
        var processor = Processor();
        processor.Process(ManySeries("c_total", MetricType.Sum, 1000, Second, 1));
        Assert.Equal(1000, processor.TrackedSeries);
        Assert.True(processor.StateBytes / 1000 <= 128, $"{processor.StateBytes / 1000} bytes per series");
    }

    [Fact]
    public void State_HistogramSeries_KeepsBucketCountsCompactly()
    {
        var processor = Processor();
        processor.Process(ManySeries("latency", MetricType.Histogram, 100, Second, 1));
        Assert.Equal(100, processor.TrackedHistogramSeries);
        // Key, fixed state and a pooled array of the three bucket counts (the pool rounds up to 16).
        Assert.True(processor.StateBytes / 100 <= 256, $"{processor.StateBytes / 100} bytes per series");
    }

    [Fact]
    public void SteadyPath_AllocatesOnlyTheOutputBatch()
    {
        var processor = Processor();
        var sums = Enumerable.Range(1, 3).Select(i => ManySeries("c_total", MetricType.Sum, 1000, i * Second, i)).ToArray();
        var histograms = Enumerable.Range(1, 3).Select(i => ManySeries("latency", MetricType.Histogram, 1000, i * Second, i)).ToArray();
        processor.Process(sums[0]);
        processor.Process(histograms[0]);
        processor.Process(sums[1]);
        processor.Process(histograms[1]);
        Assert.InRange(AllocatedBeyondOutput(() => processor.Process(sums[2])), long.MinValue, 4096);
        Assert.InRange(AllocatedBeyondOutput(() => processor.Process(histograms[2])), long.MinValue, 4096);
    }

    [Fact]
    public void Resource_IsPreserved()
    {
        var processor = Processor();
        processor.Process(Counter("c_total", Second, 1));
        var output = processor.Process(Counter("c_total", 2 * Second, 2));
        Assert.Equal(Resource, output.ResourceAttributes);
        Assert.Equal(new InstrumentationScope("test", "1"), Assert.Single(output.Scopes));
    }
}
