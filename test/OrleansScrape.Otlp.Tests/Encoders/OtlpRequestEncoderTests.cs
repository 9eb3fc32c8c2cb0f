using Google.Protobuf.Reflection;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Tests.Support;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;
using ProtoCommon = OrleansScrape.Otlp.Proto.Common.V1;
using ProtoMetrics = OrleansScrape.Otlp.Proto.Metrics.V1;
using ProtoResource = OrleansScrape.Otlp.Proto.Resource.V1;

namespace OrleansScrape.Otlp.Tests.Encoders;

public class OtlpRequestEncoderTests
{
    [Fact]
    public void Each_batch_becomes_one_resource_with_string_attributes()
    {
        var request = OtlpRequestEncoder.Encode([TestBatches.GaugeAndDeltaSum(), TestBatches.Gauge("other", 1)]);

        Assert.Equal(2, request.ResourceMetrics.Count);
        var attributes = request.ResourceMetrics[0].Resource.Attributes;
        Assert.Equal(["service.name", "k8s.pod.name"], attributes.Select(a => a.Key));
        Assert.All(attributes, a => Assert.Equal(ProtoCommon.AnyValue.ValueOneofCase.StringValue, a.Value.ValueCase));
        Assert.Equal(["api", "api-0"], attributes.Select(a => a.Value.StringValue));
        Assert.Equal("other", request.ResourceMetrics[1].Resource.Attributes.Single().Value.StringValue);
    }

    [Fact]
    public void Metrics_are_grouped_into_one_scope_metrics_per_scope()
    {
        var scopes = OtlpRequestEncoder.Encode([TestBatches.GaugeAndDeltaSum()]).ResourceMetrics[0].ScopeMetrics;

        Assert.Equal(2, scopes.Count);
        Assert.Equal("orleansscrape/prometheus", scopes[0].Scope.Name);
        Assert.Equal("0.1.0", scopes[0].Scope.Version);
        Assert.Equal(["process_open_fds"], scopes[0].Metrics.Select(m => m.Name));
        Assert.Equal("app", scopes[1].Scope.Name);
        Assert.Equal("2.0", scopes[1].Scope.Version);
        Assert.Equal(["http_requests_total"], scopes[1].Metrics.Select(m => m.Name));
    }

    [Fact]
    public void A_scope_without_metrics_is_left_out()
    {
        var builder = new MetricBatchBuilder([]);
        builder.AddScope(new InstrumentationScope("unused", "1"));
        var used = builder.AddScope(new InstrumentationScope("used", "1"));
        builder.BeginMetric("up", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, used);
        builder.AddPoint(0, 1, 1, DataPointFlags.None, []);

        var scope = Assert.Single(OtlpRequestEncoder.Encode([builder.Build()]).ResourceMetrics[0].ScopeMetrics);

        Assert.Equal("used", scope.Scope.Name);
    }

    [Fact]
    public void Gauge_maps_to_gauge_with_every_point_field()
    {
        var metric = OtlpRequestEncoder.Encode([TestBatches.GaugeAndDeltaSum()]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0];

        Assert.Equal("process_open_fds", metric.Name);
        Assert.Equal("Open file descriptors.", metric.Description);
        Assert.Equal("{fds}", metric.Unit);
        Assert.Equal(ProtoMetrics.Metric.DataOneofCase.Gauge, metric.DataCase);
        Assert.Equal(2, metric.Gauge.DataPoints.Count);

        var live = metric.Gauge.DataPoints[0];
        Assert.Equal(0UL, live.StartTimeUnixNano);
        Assert.Equal((ulong)TestBatches.Time, live.TimeUnixNano);
        Assert.Equal(ProtoMetrics.NumberDataPoint.ValueOneofCase.AsDouble, live.ValueCase);
        Assert.Equal(42, live.AsDouble);
        Assert.Equal(0U, live.Flags);
        var attribute = Assert.Single(live.Attributes);
        Assert.Equal("instance", attribute.Key);
        Assert.Equal("10.0.0.1:9090", attribute.Value.StringValue);
        Assert.Empty(live.Exemplars);

        var stale = metric.Gauge.DataPoints[1];
        Assert.Equal((uint)ProtoMetrics.DataPointFlags.NoRecordedValueMask, stale.Flags);
        Assert.Equal("10.0.0.2:9090", stale.Attributes.Single().Value.StringValue);
    }

    [Fact]
    public void Delta_monotonic_sum_maps_to_sum_with_temporality_and_monotonicity()
    {
        var metric = OtlpRequestEncoder.Encode([TestBatches.GaugeAndDeltaSum()]).ResourceMetrics[0].ScopeMetrics[1].Metrics[0];

        Assert.Equal("http_requests_total", metric.Name);
        Assert.Equal("Requests served.", metric.Description);
        Assert.Equal("{requests}", metric.Unit);
        Assert.Equal(ProtoMetrics.Metric.DataOneofCase.Sum, metric.DataCase);
        Assert.Equal(ProtoMetrics.AggregationTemporality.Delta, metric.Sum.AggregationTemporality);
        Assert.True(metric.Sum.IsMonotonic);

        var point = Assert.Single(metric.Sum.DataPoints);
        Assert.Equal((ulong)TestBatches.Start, point.StartTimeUnixNano);
        Assert.Equal((ulong)TestBatches.Time, point.TimeUnixNano);
        Assert.Equal(7, point.AsDouble);
        Assert.Equal(0U, point.Flags);
        Assert.Equal(["code", "method"], point.Attributes.Select(a => a.Key));
        Assert.Equal(["200", "GET"], point.Attributes.Select(a => a.Value.StringValue));
    }

    [Fact]
    public void Cumulative_non_monotonic_sum_keeps_its_temporality()
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("queue_depth_total", "", "", MetricType.Sum, AggregationTemporality.Cumulative, false, scope);
        builder.AddPoint(1, 2, 3, DataPointFlags.None, []);

        var sum = OtlpRequestEncoder.Encode([builder.Build()]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum;

        Assert.Equal(ProtoMetrics.AggregationTemporality.Cumulative, sum.AggregationTemporality);
        Assert.False(sum.IsMonotonic);
    }

    [Fact]
    public void Histogram_points_carry_bounds_bucket_counts_sum_and_exemplars()
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("request_duration_seconds", "Latency.", "s", MetricType.Histogram, AggregationTemporality.Cumulative, false, scope);
        builder.AddHistogramPoint(10, 20, 6, 1.5, true, DataPointFlags.None, [0.1, 1], [2, 3, 1], [new ModelAttribute("path", "/")]);
        var traceId = UInt128.Parse("0102030405060708090a0b0c0d0e0f10", System.Globalization.NumberStyles.HexNumber);
        builder.AddExemplar(15, 0.05, traceId, 0x1112131415161718, [new ModelAttribute("user", "u1")]);

        var metric = OtlpRequestEncoder.Encode([builder.Build()]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0];

        Assert.Equal(ProtoMetrics.Metric.DataOneofCase.Histogram, metric.DataCase);
        Assert.Equal(ProtoMetrics.AggregationTemporality.Cumulative, metric.Histogram.AggregationTemporality);
        var point = Assert.Single(metric.Histogram.DataPoints);
        Assert.Equal(10UL, point.StartTimeUnixNano);
        Assert.Equal(20UL, point.TimeUnixNano);
        Assert.Equal(6UL, point.Count);
        Assert.True(point.HasSum);
        Assert.Equal(1.5, point.Sum);
        Assert.Equal([0.1, 1.0], point.ExplicitBounds);
        Assert.Equal([2UL, 3UL, 1UL], point.BucketCounts);
        Assert.Equal("path", point.Attributes.Single().Key);
        var exemplar = Assert.Single(point.Exemplars);
        Assert.Equal(0.05, exemplar.AsDouble);
        Assert.Equal(15UL, exemplar.TimeUnixNano);
        Assert.Equal(Convert.FromHexString("0102030405060708090a0b0c0d0e0f10"), exemplar.TraceId.ToByteArray());
        Assert.Equal(Convert.FromHexString("1112131415161718"), exemplar.SpanId.ToByteArray());
        Assert.Equal("u1", exemplar.FilteredAttributes.Single().Value.StringValue);
    }

    [Fact]
    public void Histogram_without_sum_leaves_the_optional_sum_unset()
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("h", "", "", MetricType.Histogram, AggregationTemporality.Cumulative, false, scope);
        builder.AddHistogramPoint(0, 1, 0, 0, false, DataPointFlags.NoRecordedValue, [1], [0, 0], []);

        var point = OtlpRequestEncoder.Encode([builder.Build()]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Histogram.DataPoints[0];

        Assert.False(point.HasSum);
        Assert.Equal(1u, point.Flags);
    }

    [Fact]
    public void Summary_points_carry_quantiles_count_and_sum()
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("rpc_seconds", "", "s", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
        builder.AddSummaryPoint(0, 5, 10, 2.5, DataPointFlags.None, [new QuantileValue(0.5, 0.2), new QuantileValue(0.99, 0.9)], []);

        var metric = OtlpRequestEncoder.Encode([builder.Build()]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0];

        Assert.Equal(ProtoMetrics.Metric.DataOneofCase.Summary, metric.DataCase);
        var point = Assert.Single(metric.Summary.DataPoints);
        Assert.Equal(10UL, point.Count);
        Assert.Equal(2.5, point.Sum);
        Assert.Equal([0.5, 0.99], point.QuantileValues.Select(q => q.Quantile));
        Assert.Equal([0.2, 0.9], point.QuantileValues.Select(q => q.Value));
    }

    [Fact]
    public void Exemplar_without_ids_leaves_them_empty()
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("c_total", "", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        builder.AddPoint(0, 1, 3, DataPointFlags.None, []);
        builder.AddExemplar(1, 1, UInt128.Zero, 0, []);

        var exemplar = OtlpRequestEncoder.Encode([builder.Build()]).ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum.DataPoints[0].Exemplars.Single();

        Assert.True(exemplar.TraceId.IsEmpty);
        Assert.True(exemplar.SpanId.IsEmpty);
    }

    [Fact]
    public void Metric_referring_to_a_missing_scope_is_refused()
    {
        var batch = new MetricBatch(
            [],
            [],
            [new MetricDescriptor("orphan", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, 0, 0, 1)],
            [new NumberPoint(0, 1, 1, DataPointFlags.None, 0, 0)],
            []);

        var error = Assert.Throws<ArgumentException>(() => OtlpRequestEncoder.Encode([batch]));

        Assert.Contains("orphan", error.Message);
    }

    [Fact]
    public void Count_points_sums_every_batch()
    {
        Assert.Equal(3 + 5, OtlpRequestEncoder.CountPoints([TestBatches.GaugeAndDeltaSum(), TestBatches.Gauge("g", 5)]));
        Assert.Equal(0, OtlpRequestEncoder.CountPoints([]));
    }

    [Fact]
    public void Encoded_request_survives_the_wire()
    {
        var request = OtlpRequestEncoder.Encode([TestBatches.GaugeAndDeltaSum()]);

        var decoded = ExportMetricsServiceRequest.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(request));

        Assert.Equal(request, decoded);
    }

    [Fact]
    public void Proto_field_numbers_and_types_match_otlp()
    {
        // Catches a mistyped number in the hand-written .proto files: the wire bytes would not interoperate.
        AssertField(ExportMetricsServiceRequest.Descriptor, "resource_metrics", 1, FieldType.Message);
        AssertField(ExportMetricsServiceResponse.Descriptor, "partial_success", 1, FieldType.Message);
        AssertField(ExportMetricsPartialSuccess.Descriptor, "rejected_data_points", 1, FieldType.Int64);
        AssertField(ExportMetricsPartialSuccess.Descriptor, "error_message", 2, FieldType.String);

        AssertField(ProtoResource.Resource.Descriptor, "attributes", 1, FieldType.Message);
        AssertField(ProtoResource.Resource.Descriptor, "dropped_attributes_count", 2, FieldType.UInt32);

        AssertField(ProtoCommon.AnyValue.Descriptor, "string_value", 1, FieldType.String);
        AssertField(ProtoCommon.AnyValue.Descriptor, "bool_value", 2, FieldType.Bool);
        AssertField(ProtoCommon.AnyValue.Descriptor, "int_value", 3, FieldType.Int64);
        AssertField(ProtoCommon.AnyValue.Descriptor, "double_value", 4, FieldType.Double);
        AssertField(ProtoCommon.AnyValue.Descriptor, "array_value", 5, FieldType.Message);
        AssertField(ProtoCommon.AnyValue.Descriptor, "kvlist_value", 6, FieldType.Message);
        AssertField(ProtoCommon.AnyValue.Descriptor, "bytes_value", 7, FieldType.Bytes);
        AssertField(ProtoCommon.KeyValue.Descriptor, "key", 1, FieldType.String);
        AssertField(ProtoCommon.KeyValue.Descriptor, "value", 2, FieldType.Message);
        AssertField(ProtoCommon.InstrumentationScope.Descriptor, "name", 1, FieldType.String);
        AssertField(ProtoCommon.InstrumentationScope.Descriptor, "version", 2, FieldType.String);
        AssertField(ProtoCommon.InstrumentationScope.Descriptor, "attributes", 3, FieldType.Message);
        AssertField(ProtoCommon.InstrumentationScope.Descriptor, "dropped_attributes_count", 4, FieldType.UInt32);

        AssertField(ProtoMetrics.ResourceMetrics.Descriptor, "resource", 1, FieldType.Message);
        AssertField(ProtoMetrics.ResourceMetrics.Descriptor, "scope_metrics", 2, FieldType.Message);
        AssertField(ProtoMetrics.ResourceMetrics.Descriptor, "schema_url", 3, FieldType.String);
        AssertField(ProtoMetrics.ScopeMetrics.Descriptor, "scope", 1, FieldType.Message);
        AssertField(ProtoMetrics.ScopeMetrics.Descriptor, "metrics", 2, FieldType.Message);
        AssertField(ProtoMetrics.ScopeMetrics.Descriptor, "schema_url", 3, FieldType.String);

        AssertField(ProtoMetrics.Metric.Descriptor, "name", 1, FieldType.String);
        AssertField(ProtoMetrics.Metric.Descriptor, "description", 2, FieldType.String);
        AssertField(ProtoMetrics.Metric.Descriptor, "unit", 3, FieldType.String);
        AssertField(ProtoMetrics.Metric.Descriptor, "gauge", 5, FieldType.Message);
        AssertField(ProtoMetrics.Metric.Descriptor, "sum", 7, FieldType.Message);
        AssertField(ProtoMetrics.Metric.Descriptor, "histogram", 9, FieldType.Message);
        AssertField(ProtoMetrics.Metric.Descriptor, "exponential_histogram", 10, FieldType.Message);
        AssertField(ProtoMetrics.Metric.Descriptor, "summary", 11, FieldType.Message);
        AssertField(ProtoMetrics.Metric.Descriptor, "metadata", 12, FieldType.Message);

        AssertField(ProtoMetrics.Sum.Descriptor, "data_points", 1, FieldType.Message);
        AssertField(ProtoMetrics.Sum.Descriptor, "aggregation_temporality", 2, FieldType.Enum);
        AssertField(ProtoMetrics.Sum.Descriptor, "is_monotonic", 3, FieldType.Bool);

        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "start_time_unix_nano", 2, FieldType.Fixed64);
        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "time_unix_nano", 3, FieldType.Fixed64);
        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "as_double", 4, FieldType.Double);
        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "exemplars", 5, FieldType.Message);
        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "as_int", 6, FieldType.SFixed64);
        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "attributes", 7, FieldType.Message);
        AssertField(ProtoMetrics.NumberDataPoint.Descriptor, "flags", 8, FieldType.UInt32);

        AssertField(ProtoMetrics.HistogramDataPoint.Descriptor, "count", 4, FieldType.Fixed64);
        AssertField(ProtoMetrics.HistogramDataPoint.Descriptor, "bucket_counts", 6, FieldType.Fixed64);
        AssertField(ProtoMetrics.HistogramDataPoint.Descriptor, "explicit_bounds", 7, FieldType.Double);
        AssertField(ProtoMetrics.HistogramDataPoint.Descriptor, "attributes", 9, FieldType.Message);
        AssertField(ProtoMetrics.HistogramDataPoint.Descriptor, "flags", 10, FieldType.UInt32);
        AssertField(ProtoMetrics.ExponentialHistogramDataPoint.Descriptor, "scale", 6, FieldType.SInt32);
        AssertField(ProtoMetrics.ExponentialHistogramDataPoint.Descriptor, "zero_threshold", 14, FieldType.Double);
        AssertField(ProtoMetrics.SummaryDataPoint.Descriptor, "quantile_values", 6, FieldType.Message);
        AssertField(ProtoMetrics.Exemplar.Descriptor, "span_id", 4, FieldType.Bytes);
        AssertField(ProtoMetrics.Exemplar.Descriptor, "trace_id", 5, FieldType.Bytes);

        Assert.Equal(1, (int)ProtoMetrics.AggregationTemporality.Delta);
        Assert.Equal(2, (int)ProtoMetrics.AggregationTemporality.Cumulative);
        Assert.Equal(1, (int)ProtoMetrics.DataPointFlags.NoRecordedValueMask);
        Assert.Equal("opentelemetry.proto.collector.metrics.v1.MetricsService", MetricsService.Descriptor.FullName);
        Assert.Equal("opentelemetry.proto.metrics.v1.NumberDataPoint", ProtoMetrics.NumberDataPoint.Descriptor.FullName);
    }

    private static void AssertField(MessageDescriptor message, string name, int number, FieldType type)
    {
        var field = message.FindFieldByName(name);
        Assert.True(field is not null, $"{message.FullName} has no field {name}");
        Assert.True(number == field.FieldNumber, $"{message.FullName}.{name} is field {field.FieldNumber}, expected {number}");
        Assert.True(type == field.FieldType, $"{message.FullName}.{name} is {field.FieldType}, expected {type}");
    }
}
