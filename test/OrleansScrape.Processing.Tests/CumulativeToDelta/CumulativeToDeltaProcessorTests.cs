using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.CumulativeToDelta;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.CumulativeToDelta;

public sealed class CumulativeToDeltaProcessorTests
{
    private const long Second = 1_000_000_000;
    private static readonly Attribute[] Resource = [new("service.name", "job"), new("service.instance.id", "host:9100")];
    private static readonly double? NoValue = null;

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

    private static MetricBatch Counter(string name, long time, double value, DataPointFlags flags = DataPointFlags.None, long start = 0, params Attribute[] attributes)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        builder.AddPoint(start, time, value, flags, attributes);
        return builder.Build();
    }

    private static CumulativeToDeltaProcessor Processor(InitialValueMode mode = InitialValueMode.Auto, TimeProvider? clock = null) =>
        new(new CumulativeToDeltaOptions { InitialValue = mode }, clock);

    [Fact]
    public void MonotonicSum_Increases_EmitDifferences()
    {
        var points = Run(Processor(), 0, 100, 200, 500);
        Assert.Equal([100.0, 100.0, 300.0], points.Select(p => p.Value));
    }

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
    public void NaN_PassesThroughWithoutTouchingState()
    {
        var points = Run(Processor(), 0, 100, 200, double.NaN, 250);
        Assert.Equal(4, points.Count);
        Assert.Equal([100.0, 100.0], points.Take(2).Select(p => p.Value));
        Assert.True(double.IsNaN(points[2].Value));
        Assert.Equal(50.0, points[3].Value);
    }

    [Fact]
    public void NoRecordedValue_IsDroppedWithoutTouchingState()
    {
        Assert.Equal([100.0, 100.0, 200.0], Run(Processor(), 0, 100, NoValue, 200, 400).Select(p => p.Value));
        Assert.Equal([100.0, 300.0], Run(Processor(), 0, 100, NoValue, NoValue, 400).Select(p => p.Value));
    }

    [Fact]
    public void Decrease_IsAResetThatDropsThePointAndRebaselines()
    {
        Assert.Equal([5.0, 15.0, 10.0], Run(Processor(), 100, 105, 120, 100, 110).Select(p => p.Value));
    }

    [Fact]
    public void FirstPoint_Auto_WithoutStartTime_IsDropped()
    {
        var output = Processor().Process(Counter("c_total", Second, 42));
        Assert.Equal(0, output.PointCount);
    }

    [Fact]
    public void FirstPoint_Auto_StartedAfterProcessor_IsEmittedWithItsStartTime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = Processor(InitialValueMode.Auto, clock);
        var start = 1001 * Second;
        var outputs = new[] { 100.0, 225, 75, 300, 325 }
            .Select((v, i) => processor.Process(Counter("c_total", start + (i + 1) * Second, v, start: start)).Points)
            .ToList();
        Assert.Equal(100.0, Assert.Single(outputs[0]).Value);
        Assert.Equal(start, outputs[0][0].StartTimeUnixNano);
        Assert.Equal(125.0, Assert.Single(outputs[1]).Value);
        Assert.Empty(outputs[2]);
        Assert.Equal(225.0, Assert.Single(outputs[3]).Value);
        Assert.Equal(25.0, Assert.Single(outputs[4]).Value);
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
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("queue_depth", "", "", MetricType.Sum, AggregationTemporality.Cumulative, false, scope);
        builder.AddPoint(0, Second, 7, DataPointFlags.None, []);
        var output = Processor().Process(builder.Build());
        Assert.Equal(AggregationTemporality.Cumulative, Assert.Single(output.Metrics).Temporality);
        Assert.Equal(7.0, Assert.Single(output.Points).Value);
    }

    [Fact]
    public void MaxStaleness_EvictsStateSoTheNextPointIsAFirstPoint()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        var processor = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions { MaxStaleness = TimeSpan.FromMinutes(5) }, clock);
        processor.Process(Counter("c_total", Second, 10));
        Assert.Equal(1, processor.TrackedSeries);
        clock.Advance(TimeSpan.FromMinutes(6));
        var output = processor.Process(Counter("other_total", 2 * Second, 1));
        Assert.Equal(1, processor.TrackedSeries);
        output = processor.Process(Counter("c_total", 3 * Second, 20));
        Assert.Equal(0, output.PointCount);
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
