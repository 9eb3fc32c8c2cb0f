using Google.Protobuf;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Receivers;
using static OrleansScrape.Otlp.Tests.Receivers.OtlpRequests;
using ProtoCommon = OrleansScrape.Otlp.Proto.Common.V1;
using ProtoMetrics = OrleansScrape.Otlp.Proto.Metrics.V1;

namespace OrleansScrape.Otlp.Tests.Receivers;

public class OtlpMetricsDecoderTests
{
    private static MetricBatch Single(params ProtoMetrics.Metric[] metrics)
    {
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource("svc", metrics));
        var result = OtlpMetricsDecoder.Decode(request);
        Assert.Equal(0, result.RefusedPoints);
        return Assert.Single(result.Batches);
    }

    [Fact]
    public void Multi_resource_request_becomes_one_batch_per_resource()
    {
        var result = OtlpMetricsDecoder.Decode(Mixed());

        Assert.Equal(2, result.Batches.Count);
        Assert.Equal("api", result.Batches[0].FindResourceAttribute("service.name"));
        Assert.Equal("worker", result.Batches[1].FindResourceAttribute("service.name"));
        Assert.Equal(4, result.AcceptedPoints);
        Assert.Equal(0, result.RefusedPoints);
        Assert.Null(result.RefusedReason);
        Assert.Equal(new InstrumentationScope("app.meter", "1.2.3"), Assert.Single(result.Batches[0].Scopes));
    }

    [Fact]
    public void Gauge_int_value_becomes_double()
    {
        var batch = OtlpMetricsDecoder.Decode(Mixed()).Batches[1];

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(("queue_depth", MetricType.Gauge), (metric.Name, metric.Type));
        var point = Assert.Single(batch.PointsOf(metric).ToArray());
        Assert.Equal(42.0, point.Value);
        Assert.Equal((long)Time, point.TimeUnixNano);
        Assert.Equal(0, point.StartTimeUnixNano);
    }

    [Fact]
    public void Sum_keeps_temporality_monotonicity_times_and_attributes()
    {
        var delta = new ProtoMetrics.Sum { AggregationTemporality = ProtoMetrics.AggregationTemporality.Delta, IsMonotonic = false };
        delta.DataPoints.Add(new ProtoMetrics.NumberDataPoint { StartTimeUnixNano = Start, TimeUnixNano = Time, AsInt = -3 });
        var batch = Single(CumulativeCounter("requests", 3), new ProtoMetrics.Metric { Name = "updown", Sum = delta });

        var cumulative = batch.Metrics[0];
        Assert.Equal((MetricType.Sum, AggregationTemporality.Cumulative, true), (cumulative.Type, cumulative.Temporality, cumulative.IsMonotonic));
        Assert.Equal(("{requests}", "Requests."), (cumulative.Unit, cumulative.Description));
        var point = batch.PointsOf(cumulative)[0];
        Assert.Equal(((long)Start, (long)Time, 3.0), (point.StartTimeUnixNano, point.TimeUnixNano, point.Value));
        Assert.Equal([new Model.Attribute("path", "/a")], batch.AttributesOf(point).ToArray());

        var updown = batch.Metrics[1];
        Assert.Equal((AggregationTemporality.Delta, false), (updown.Temporality, updown.IsMonotonic));
        Assert.Equal(-3.0, batch.PointsOf(updown)[0].Value);
    }

    [Fact]
    public void Histogram_keeps_bounds_counts_sum_flags_and_exemplar_ids()
    {
        var batch = OtlpMetricsDecoder.Decode(Mixed()).Batches[0];

        var metric = batch.Metrics.Single(m => m.Name == "latency");
        Assert.Equal((MetricType.Histogram, AggregationTemporality.Cumulative), (metric.Type, metric.Temporality));
        var point = Assert.Single(batch.HistogramPointsOf(metric).ToArray());
        Assert.Equal((4UL, 10.5, true), (point.Count, point.Sum, point.HasSum));
        Assert.Equal([1.0, 5.0], batch.BoundsOf(point).ToArray());
        Assert.Equal([1UL, 2UL, 1UL], batch.BucketCountsOf(point).ToArray());
        var exemplar = Assert.Single(batch.ExemplarsOf(point).ToArray());
        Assert.Equal(4.5, exemplar.Value);
        Assert.Equal(UInt128.Parse("0102030405060708090a0b0c0d0e0f10", System.Globalization.NumberStyles.HexNumber), exemplar.TraceId);
        Assert.Equal(0x1112131415161718UL, exemplar.SpanId);
    }

    [Fact]
    public void Histogram_without_sum_and_stale_flag()
    {
        var histogram = new ProtoMetrics.Histogram { AggregationTemporality = ProtoMetrics.AggregationTemporality.Delta };
        histogram.DataPoints.Add(new ProtoMetrics.HistogramDataPoint { TimeUnixNano = Time, Count = 0, Flags = 1 });
        var batch = Single(new ProtoMetrics.Metric { Name = "h", Histogram = histogram });

        var point = batch.HistogramPoints.Single();
        Assert.False(point.HasSum);
        Assert.Equal(DataPointFlags.NoRecordedValue, point.Flags);
        Assert.Empty(batch.BoundsOf(point).ToArray());
    }

    [Fact]
    public void Summary_keeps_quantiles()
    {
        var summary = new ProtoMetrics.Summary();
        var point = new ProtoMetrics.SummaryDataPoint { StartTimeUnixNano = Start, TimeUnixNano = Time, Count = 10, Sum = 2.5 };
        point.QuantileValues.Add(new ProtoMetrics.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 0.2 });
        point.QuantileValues.Add(new ProtoMetrics.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 0.9 });
        summary.DataPoints.Add(point);
        var batch = Single(new ProtoMetrics.Metric { Name = "rpc", Summary = summary });

        var decoded = batch.SummaryPoints.Single();
        Assert.Equal((10UL, 2.5), (decoded.Count, decoded.Sum));
        Assert.Equal([new QuantileValue(0.5, 0.2), new QuantileValue(0.99, 0.9)], batch.QuantilesOf(decoded).ToArray());
    }

    [Fact]
    public void Exemplar_int_value_and_filtered_attributes()
    {
        var gauge = new ProtoMetrics.Gauge();
        var point = new ProtoMetrics.NumberDataPoint { TimeUnixNano = Time, AsDouble = 1 };
        var exemplar = new ProtoMetrics.Exemplar { TimeUnixNano = Time, AsInt = 7 };
        exemplar.FilteredAttributes.Add(String("user", "u1"));
        point.Exemplars.Add(exemplar);
        gauge.DataPoints.Add(point);
        var batch = Single(new ProtoMetrics.Metric { Name = "g", Gauge = gauge });

        var decoded = batch.ExemplarsOf(batch.Points[0]).ToArray().Single();
        Assert.Equal(7.0, decoded.Value);
        Assert.Equal((UInt128.Zero, 0UL), (decoded.TraceId, decoded.SpanId));
        Assert.Equal([new Model.Attribute("user", "u1")], batch.AttributesOf(decoded).ToArray());
    }

    [Fact]
    public void Exponential_histograms_with_a_scale_outside_the_otlp_range_are_refused_and_the_rest_is_kept()
    {
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource("svc", CumulativeCounter("requests", 1), MalformedExponentialHistogram("exp", 3)));
        request.ResourceMetrics.Add(Resource("only-exp", MalformedExponentialHistogram("exp", 2)));

        var result = OtlpMetricsDecoder.Decode(request);

        var batch = Assert.Single(result.Batches);
        Assert.Equal(["requests"], batch.Metrics.Select(m => m.Name));
        Assert.Equal(1, result.AcceptedPoints);
        Assert.Equal(5, result.RefusedPoints);
        Assert.Contains("scale outside -10..20", result.RefusedReason);
    }

    [Fact]
    public void Malformed_points_are_refused()
    {
        var histogram = new ProtoMetrics.Histogram();
        var bad = new ProtoMetrics.HistogramDataPoint { TimeUnixNano = Time, Count = 1 };
        bad.ExplicitBounds.Add(1);
        bad.BucketCounts.Add(1);
        histogram.DataPoints.Add(bad);
        var gauge = new ProtoMetrics.Gauge();
        gauge.DataPoints.Add(new ProtoMetrics.NumberDataPoint { TimeUnixNano = Time });
        gauge.DataPoints.Add(new ProtoMetrics.NumberDataPoint { TimeUnixNano = Time, Flags = 1 });
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource("svc", new ProtoMetrics.Metric { Name = "h", Histogram = histogram }, new ProtoMetrics.Metric { Name = "g", Gauge = gauge }));

        var result = OtlpMetricsDecoder.Decode(request);

        Assert.Equal(2, result.RefusedPoints);
        Assert.Equal(1, result.AcceptedPoints);
        var stale = result.Batches.Single().Points.Single();
        Assert.True(double.IsNaN(stale.Value));
        Assert.Equal(DataPointFlags.NoRecordedValue, stale.Flags);
        Assert.Contains("malformed", result.RefusedReason);
    }

    public static TheoryData<ProtoCommon.AnyValue, string> AttributeValues()
    {
        var array = new ProtoCommon.ArrayValue();
        array.Values.Add(new ProtoCommon.AnyValue { StringValue = "a\"b" });
        array.Values.Add(new ProtoCommon.AnyValue { IntValue = 3 });
        array.Values.Add(new ProtoCommon.AnyValue { BoolValue = false });
        array.Values.Add(new ProtoCommon.AnyValue { DoubleValue = 0.5 });
        array.Values.Add(new ProtoCommon.AnyValue());
        var kvlist = new ProtoCommon.KeyValueList();
        kvlist.Values.Add(new ProtoCommon.KeyValue { Key = "n", Value = new ProtoCommon.AnyValue { ArrayValue = array } });
        kvlist.Values.Add(new ProtoCommon.KeyValue { Key = "b", Value = new ProtoCommon.AnyValue { BytesValue = ByteString.CopyFrom(1, 2) } });
        return new TheoryData<ProtoCommon.AnyValue, string>
        {
            { new ProtoCommon.AnyValue { StringValue = "text" }, "text" },
            { new ProtoCommon.AnyValue { BoolValue = true }, "true" },
            { new ProtoCommon.AnyValue { BoolValue = false }, "false" },
            { new ProtoCommon.AnyValue { IntValue = -1234567890123 }, "-1234567890123" },
            { new ProtoCommon.AnyValue { DoubleValue = 0.1 }, "0.1" },
            { new ProtoCommon.AnyValue { DoubleValue = 1e21 }, "1E+21" },
            { new ProtoCommon.AnyValue { DoubleValue = double.NaN }, "NaN" },
            { new ProtoCommon.AnyValue { BytesValue = ByteString.CopyFrom(0xde, 0xad, 0xbe, 0xef) }, "3q2+7w==" },
            { new ProtoCommon.AnyValue { ArrayValue = array }, """["a\"b",3,false,0.5,null]""" },
            { new ProtoCommon.AnyValue { KvlistValue = kvlist }, """{"n":["a\"b",3,false,0.5,null],"b":"AQI="}""" },
            { new ProtoCommon.AnyValue(), "" },
        };
    }

    [Theory]
    [MemberData(nameof(AttributeValues))]
    public void Attribute_values_become_their_string_form(ProtoCommon.AnyValue value, string expected)
    {
        var gauge = new ProtoMetrics.Gauge();
        var point = new ProtoMetrics.NumberDataPoint { TimeUnixNano = Time, AsDouble = 1 };
        point.Attributes.Add(new ProtoCommon.KeyValue { Key = "k", Value = value });
        gauge.DataPoints.Add(point);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource("svc", new ProtoMetrics.Metric { Name = "g", Gauge = gauge }));
        request.ResourceMetrics[0].Resource.Attributes.Add(new ProtoCommon.KeyValue { Key = "r", Value = value });

        var batch = OtlpMetricsDecoder.Decode(request).Batches.Single();

        Assert.Equal(new Model.Attribute("k", expected), batch.AttributesOf(batch.Points[0])[0]);
        Assert.Equal(expected, batch.FindResourceAttribute("r"));
    }

    [Fact]
    public void Decoded_batches_encode_back_to_the_same_points()
    {
        var result = OtlpMetricsDecoder.Decode(Mixed());
        var encoded = OrleansScrape.Otlp.Encoders.OtlpRequestEncoder.Encode(result.Batches);

        Assert.Equal(4, OrleansScrape.Otlp.Encoders.OtlpRequestEncoder.CountPoints(result.Batches));
        Assert.Equal([3.0, 5.0], encoded.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum.DataPoints.Select(p => p.AsDouble));
        Assert.Equal(ByteString.CopyFrom(TraceId), encoded.ResourceMetrics[0].ScopeMetrics[0].Metrics[1].Histogram.DataPoints[0].Exemplars[0].TraceId);
    }
}
