using Google.Protobuf;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Receivers;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;
using ProtoMetrics = OrleansScrape.Otlp.Proto.Metrics.V1;

namespace OrleansScrape.Otlp.Tests.Encoders;

/// <summary>Exponential histograms through the model, the encoders and the receiver's decoder.</summary>
public class ExponentialHistogramEncodingTests
{
    private static MetricBatch Batch(bool withOptionals = true)
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "api")]);
        var scope = builder.AddScope(new InstrumentationScope("meter", "1"));
        builder.BeginMetric("rpc.duration", "Latency.", "ms", MetricType.ExponentialHistogram, AggregationTemporality.Cumulative, false, scope);
        builder.AddExponentialHistogramPoint(10, 20, 9, 12.5, withOptionals, -3, withOptionals, 8, withOptionals, 3, 2, 0.001,
            -2, [1, 2, 0, 1], 1, [2, 1], DataPointFlags.None, [new ModelAttribute("method", "get")]);
        builder.AddExemplar(15, 4.5, UInt128.One, 9, [new ModelAttribute("user", "u1")]);
        builder.AddExponentialHistogramPoint(10, 20, 0, 0, false, 0, false, 0, false, -1, 0, 0, 0, [], 0, [], DataPointFlags.NoRecordedValue,
            [new ModelAttribute("method", "put")]);
        return builder.Build();
    }

    private static MetricBatch RoundTrip(MetricBatch batch)
    {
        var wire = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpRequestEncoder.Encode([batch]).ToByteArray());
        var result = OtlpMetricsDecoder.Decode(wire);
        Assert.Equal(0, result.RefusedPoints);
        return Assert.Single(result.Batches);
    }

    [Fact]
    public void Exponential_histogram_survives_encode_then_decode_with_every_field()
    {
        var original = Batch();

        var copy = RoundTrip(original);

        Assert.Equal(original.Metrics, copy.Metrics);
        Assert.Equal(original.ExponentialHistogramPoints, copy.ExponentialHistogramPoints);
        Assert.Equal(original.BucketCounts, copy.BucketCounts);
        Assert.Equal(original.PointAttributes, copy.PointAttributes);
        Assert.Equal(original.Exemplars, copy.Exemplars);
        var point = copy.ExponentialHistogramPoints[0];
        Assert.Equal([1UL, 2, 0, 1], copy.PositiveBucketCountsOf(point).ToArray());
        Assert.Equal([2UL, 1], copy.NegativeBucketCountsOf(point).ToArray());
    }

    [Fact]
    public void Exponential_histogram_without_sum_min_or_max_leaves_them_unset_on_the_wire()
    {
        var metric = OtlpRequestEncoder.Encode([Batch(withOptionals: false)]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0];

        Assert.Equal(ProtoMetrics.Metric.DataOneofCase.ExponentialHistogram, metric.DataCase);
        Assert.Equal(ProtoMetrics.AggregationTemporality.Cumulative, metric.ExponentialHistogram.AggregationTemporality);
        var point = metric.ExponentialHistogram.DataPoints[0];
        Assert.Equal((false, false, false), (point.HasSum, point.HasMin, point.HasMax));
        Assert.Equal((3, 2UL, 0.001, -2, 1), (point.Scale, point.ZeroCount, point.ZeroThreshold, point.Positive.Offset, point.Negative.Offset));
    }

    [Fact]
    public void Otlp_json_names_the_exponential_histogram_fields_and_writes_uint64_as_strings()
    {
        // The formatter puts spaces after separators; the batch's strings have none.
        var json = OtlpJsonEncoder.ToJson(OtlpRequestEncoder.Encode([Batch()])).Replace(" ", "", StringComparison.Ordinal);

        Assert.Contains("\"exponentialHistogram\":{\"dataPoints\":[", json);
        Assert.Contains("\"count\":\"9\"", json);
        Assert.Contains("\"scale\":3", json);
        Assert.Contains("\"zeroCount\":\"2\"", json);
        Assert.Contains("\"positive\":{\"offset\":-2,\"bucketCounts\":[\"1\",\"2\",\"0\",\"1\"]}", json);
        Assert.Contains("\"negative\":{\"offset\":1,\"bucketCounts\":[\"2\",\"1\"]}", json);
        Assert.Contains("\"zeroThreshold\":0.001", json);
        Assert.Contains("\"min\":-3", json);
        Assert.Contains("\"max\":8", json);
    }

    [Fact]
    public void Otlp_json_exponential_histogram_parses_back_to_the_same_points()
    {
        var original = Batch();
        var json = OtlpJsonEncoder.ToJson(OtlpRequestEncoder.Encode([original]));

        var decoded = OtlpMetricsDecoder.Decode(JsonParser.Default.Parse<ExportMetricsServiceRequest>(json));

        Assert.Equal(original.ExponentialHistogramPoints, Assert.Single(decoded.Batches).ExponentialHistogramPoints);
    }

    [Theory]
    [InlineData(-11, 0.0)]
    [InlineData(21, 0.0)]
    [InlineData(0, -1.0)]
    [InlineData(0, double.NaN)]
    public void Exponential_histogram_with_a_scale_outside_the_otlp_range_or_a_bad_zero_threshold_is_refused(int scale, double zeroThreshold)
    {
        var histogram = new ProtoMetrics.ExponentialHistogram { AggregationTemporality = ProtoMetrics.AggregationTemporality.Delta };
        histogram.DataPoints.Add(new ProtoMetrics.ExponentialHistogramDataPoint { TimeUnixNano = 5, Count = 1, Scale = scale, ZeroThreshold = zeroThreshold, ZeroCount = 1 });
        histogram.DataPoints.Add(new ProtoMetrics.ExponentialHistogramDataPoint { TimeUnixNano = 5, Count = 1, Scale = 0, ZeroCount = 1 });
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Receivers.OtlpRequests.Resource("svc", new ProtoMetrics.Metric { Name = "e", ExponentialHistogram = histogram }));

        var result = OtlpMetricsDecoder.Decode(request);

        Assert.Equal((1, 1), (result.AcceptedPoints, result.RefusedPoints));
        Assert.Single(Assert.Single(result.Batches).ExponentialHistogramPoints);
    }

    [Fact]
    public void Exponential_histogram_with_bucket_indices_beyond_32_bits_is_refused()
    {
        var point = new ProtoMetrics.ExponentialHistogramDataPoint { TimeUnixNano = 5, Count = 2, Positive = new() { Offset = int.MaxValue } };
        point.Positive.BucketCounts.Add([1, 1]);
        var histogram = new ProtoMetrics.ExponentialHistogram();
        histogram.DataPoints.Add(point);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Receivers.OtlpRequests.Resource("svc", new ProtoMetrics.Metric { Name = "e", ExponentialHistogram = histogram }));

        Assert.Equal(1, OtlpMetricsDecoder.Decode(request).RefusedPoints);
    }

    [Fact]
    public void Slicing_a_batch_counts_and_copies_exponential_histogram_points()
    {
        var batch = Batch();

        var tail = MetricBatchSlicer.Slice(batch, 1, 5);

        Assert.Equal(2, batch.PointCount);
        var point = Assert.Single(tail.ExponentialHistogramPoints);
        Assert.Equal("put", tail.AttributesOf(point)[0].Value);
        Assert.Equal(DataPointFlags.NoRecordedValue, point.Flags);
        var head = MetricBatchSlicer.Slice(batch, 0, 1);
        Assert.Equal([1UL, 2, 0, 1, 2, 1], head.BucketCounts);
        Assert.Single(head.ExemplarsOf(head.ExponentialHistogramPoints[0]).ToArray());
    }

    [Fact]
    public void Debug_exporter_summary_counts_exponential_histograms()
    {
        var text = OrleansScrape.Otlp.Exporters.Debug.DebugExporter.Summarize("debug", [Batch()]);

        Assert.Contains("exponential histograms 1", text);
    }
}
