using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Tests.Support;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Tests.Encoders;

public class OtlpRequestSizeTests
{
    [Fact]
    public void The_size_is_what_the_encoder_writes_for_every_kind_of_point()
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "größe"), new ModelAttribute("", "")]);
        var unused = builder.AddScope(new InstrumentationScope("unused", "0"));
        var scope = builder.AddScope(new InstrumentationScope("s", ""));
        var other = builder.AddScope(new InstrumentationScope("", "2"));
        builder.BeginMetric("g", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 0, 0, DataPointFlags.None, []);
        builder.AddPoint(-5, 1, -0.0, DataPointFlags.NoRecordedValue, [new ModelAttribute("k", "")]);
        builder.AddExemplar(3, 1.5, UInt128.MaxValue, 7, [new ModelAttribute("trace", "x")]);
        builder.BeginMetric("s", "a sum", "By", MetricType.Sum, AggregationTemporality.Cumulative, true, other);
        builder.AddPoint(1, 2, double.NaN, DataPointFlags.None, [new ModelAttribute("a", new string('v', 300))]);
        builder.BeginMetric("h", "", "s", MetricType.Histogram, AggregationTemporality.Delta, false, scope);
        builder.AddHistogramPoint(1, 2, 0, 0, true, DataPointFlags.None, [0.1, 1], [1, 2, 3], [new ModelAttribute("le", "x")]);
        builder.AddHistogramPoint(1, 2, 5, 0, false, DataPointFlags.None, [], [5], []);
        builder.BeginMetric("e", "", "", MetricType.ExponentialHistogram, AggregationTemporality.Cumulative, false, scope);
        builder.AddExponentialHistogramPoint(1, 2, 10, 3, true, -1, true, 0, true, -3, 2, 0.001, -2, [1, 300, 70000], 4, [0, 1UL << 40], DataPointFlags.None, []);
        builder.AddExponentialHistogramPoint(0, 2, 0, 0, false, 0, false, 0, false, 0, 0, 0, 0, [], 0, [], DataPointFlags.None, []);
        builder.BeginMetric("q", "", "", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
        builder.AddSummaryPoint(1, 2, 3, 0, DataPointFlags.None, [new QuantileValue(0, 1), new QuantileValue(0.5, 0)], []);
        var batches = new[] { builder.Build(), TestBatches.GaugeAndDeltaSum(), new MetricBatchBuilder([]).Build() };

        Assert.Equal(OtlpRequestEncoder.Encode(batches).CalculateSize(), OtlpRequestSize.Of(batches));
        Assert.Equal(OtlpRequestEncoder.Encode([batches[0]]).CalculateSize(), OtlpRequestSize.Of(batches[0]));
        Assert.True(unused >= 0);
    }

    [Fact]
    public void The_size_of_several_batches_is_the_sum_of_theirs()
    {
        var a = TestBatches.Gauge("a", 100);
        var b = TestBatches.Gauge("b", 3000);

        Assert.Equal(OtlpRequestSize.Of(a) + OtlpRequestSize.Of(b), OtlpRequestSize.Of([a, b]));
        Assert.Equal(OtlpRequestEncoder.Encode([a, b]).CalculateSize(), OtlpRequestSize.Of([a, b]));
    }
}
