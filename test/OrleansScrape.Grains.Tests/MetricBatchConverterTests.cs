using OrleansScrape.Abstractions.Serialization;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Grains.Tests;

public sealed class MetricBatchConverterTests
{
    private static MetricBatch Sample()
    {
        var builder = new MetricBatchBuilder([new Attribute("service.name", "job"), new Attribute("service.instance.id", "h:1")]);
        var scope = builder.AddScope(new InstrumentationScope("scope", "1.0"));
        var other = builder.AddScope(new InstrumentationScope("other", ""));
        builder.BeginMetric("requests_total", "Requests.", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        builder.AddPoint(1, 2, 3.5, DataPointFlags.None, [new Attribute("code", "200")]);
        builder.AddExemplar(2, 1, new UInt128(0x0102030405060708, 0x090a0b0c0d0e0f10), 0x1112131415161718, [new Attribute("trace", "x")]);
        builder.AddPoint(1, 2, double.NaN, DataPointFlags.NoRecordedValue, [new Attribute("code", "500")]);
        builder.BeginMetric("latency_seconds", "", "s", MetricType.Histogram, AggregationTemporality.Cumulative, false, other);
        builder.AddHistogramPoint(5, 6, 7, 0.75, true, DataPointFlags.None, [0.1, 0.5], [1, 2, 4], [new Attribute("path", "/")]);
        builder.BeginMetric("rpc_seconds", "", "s", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
        builder.AddSummaryPoint(0, 9, 4, 1.25, DataPointFlags.None, [new QuantileValue(0.5, 0.3)], []);
        builder.BeginMetric("rpc_exponential_seconds", "", "s", MetricType.ExponentialHistogram, AggregationTemporality.Delta, false, other);
        builder.AddExponentialHistogramPoint(5, 6, 9, 2.5, true, -0.5, true, 1.5, false, 3, 2, 1e-9, -2, [1, 2], 4, [3, 1],
            DataPointFlags.None, [new Attribute("method", "get")]);
        builder.AddExemplar(6, 0.25, UInt128.One, 7, []);
        builder.BeginMetric("up", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 9, 1, DataPointFlags.None, []);
        return builder.Build();
    }

    [Fact]
    public void RoundTrip_PreservesEveryColumn()
    {
        var converter = new MetricBatchConverter();
        var original = Sample();

        var copy = converter.ConvertFromSurrogate(converter.ConvertToSurrogate(original));

        Assert.Equal(original.ResourceAttributes, copy.ResourceAttributes);
        Assert.Equal(original.Scopes, copy.Scopes);
        Assert.Equal(original.Metrics, copy.Metrics);
        Assert.Equal(original.Points.Length, copy.Points.Length);
        for (var i = 0; i < original.Points.Length; i++)
        {
            // NaN != NaN for record equality of doubles is handled by double.Equals, which treats NaN as equal to itself.
            Assert.Equal(original.Points[i], copy.Points[i]);
        }
        Assert.Equal(original.PointAttributes, copy.PointAttributes);
        Assert.Equal(original.HistogramPoints, copy.HistogramPoints);
        Assert.Equal(original.HistogramBounds, copy.HistogramBounds);
        Assert.Equal(original.BucketCounts, copy.BucketCounts);
        Assert.Equal(original.SummaryPoints, copy.SummaryPoints);
        Assert.Equal(original.Quantiles, copy.Quantiles);
        Assert.Equal(original.Exemplars, copy.Exemplars);
        Assert.Equal(original.ExponentialHistogramPoints, copy.ExponentialHistogramPoints);
    }

    [Fact]
    public void Surrogate_of_a_silo_without_exponential_histograms_converts_to_a_batch_without_them()
    {
        var converter = new MetricBatchConverter();
        var surrogate = converter.ConvertToSurrogate(Sample());
        surrogate.ExponentialTimes = null!;
        surrogate.ExponentialCounts = null!;
        surrogate.ExponentialValues = null!;
        surrogate.ExponentialFlags = null!;
        surrogate.ExponentialRanges = null!;

        var copy = converter.ConvertFromSurrogate(surrogate);

        Assert.Empty(copy.ExponentialHistogramPoints);
        Assert.Equal(Sample().Points.Length, copy.Points.Length);
    }

    [Fact]
    public void Surrogate_StoresEachStringOnce()
    {
        var surrogate = new MetricBatchConverter().ConvertToSurrogate(Sample());
        Assert.Equal(surrogate.Strings.Length, surrogate.Strings.Distinct(StringComparer.Ordinal).Count());
    }
}
