using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;
using ProtoCommon = OrleansScrape.Otlp.Proto.Common.V1;
using ProtoMetrics = OrleansScrape.Otlp.Proto.Metrics.V1;

namespace OrleansScrape.Otlp.Receivers;

/// <summary>What <see cref="OtlpMetricsDecoder.Decode"/> made of a request.</summary>
/// <param name="Batches">One batch per <c>ResourceMetrics</c> that has at least one point the model carries.</param>
/// <param name="AcceptedPoints">Points carried by <paramref name="Batches"/>.</param>
/// <param name="RefusedPoints">Points the model cannot carry (malformed points).</param>
/// <param name="RefusedReason">Why points were refused, for a partial success; null when none were.</param>
public sealed record OtlpDecodeResult(
    IReadOnlyList<MetricBatch> Batches,
    int AcceptedPoints,
    int RefusedPoints,
    string? RefusedReason);

/// <summary>
/// Turns an OTLP export request into <see cref="MetricBatch"/>es, one per resource.
/// </summary>
/// <remarks>
/// The model is string-valued, so attribute values of other types become their string form:
/// bool <c>true</c>/<c>false</c>, int in invariant decimal, double in round-trip invariant form
/// (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>), bytes in base64, arrays and key-value lists
/// as JSON (bytes inside them as base64 strings, empty values as null), an empty value as "".
/// Integer point and exemplar values become doubles. Scope attributes, explicit-bucket histogram
/// min/max and schema URLs are not carried (exponential histograms keep theirs). Malformed points
/// are counted as refused and the rest of the request is kept.
/// </remarks>
public static class OtlpMetricsDecoder
{
    private const uint NoRecordedValueFlag = 1;

    // Attribute values are not HTML: keep quotes and '+' readable.
    private static readonly JsonWriterOptions JsonWriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static OtlpDecodeResult Decode(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batches = new List<MetricBatch>(request.ResourceMetrics.Count);
        var accepted = 0;
        var refused = new Refusals();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resourceAttributes = resourceMetrics.Resource is { } resource ? ToAttributes(resource.Attributes) : [];
            var builder = new MetricBatchBuilder(resourceAttributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope;
                var scopeIndex = builder.AddScope(new InstrumentationScope(scope?.Name ?? "", scope?.Version ?? ""));
                foreach (var metric in scopeMetrics.Metrics)
                {
                    DecodeMetric(builder, metric, scopeIndex, ref refused);
                }
            }
            var points = builder.PointCount;
            var batch = builder.Build();
            if (points > 0)
            {
                accepted += points;
                batches.Add(batch);
            }
        }
        return new OtlpDecodeResult(batches, accepted, refused.Count, refused.Count > 0 ? refused.Reason() : null);
    }

    private static void DecodeMetric(MetricBatchBuilder builder, ProtoMetrics.Metric metric, int scopeIndex, ref Refusals refused)
    {
        switch (metric.DataCase)
        {
            case ProtoMetrics.Metric.DataOneofCase.Gauge:
                builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.Gauge, AggregationTemporality.Unspecified, false, scopeIndex);
                AddNumberPoints(builder, metric.Gauge.DataPoints, ref refused);
                break;
            case ProtoMetrics.Metric.DataOneofCase.Sum:
                builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.Sum,
                    ToTemporality(metric.Sum.AggregationTemporality), metric.Sum.IsMonotonic, scopeIndex);
                AddNumberPoints(builder, metric.Sum.DataPoints, ref refused);
                break;
            case ProtoMetrics.Metric.DataOneofCase.Histogram:
                builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.Histogram,
                    ToTemporality(metric.Histogram.AggregationTemporality), false, scopeIndex);
                AddHistogramPoints(builder, metric.Histogram.DataPoints, ref refused);
                break;
            case ProtoMetrics.Metric.DataOneofCase.Summary:
                builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.Summary, AggregationTemporality.Unspecified, false, scopeIndex);
                AddSummaryPoints(builder, metric.Summary.DataPoints);
                break;
            case ProtoMetrics.Metric.DataOneofCase.ExponentialHistogram:
                builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.ExponentialHistogram,
                    ToTemporality(metric.ExponentialHistogram.AggregationTemporality), false, scopeIndex);
                AddExponentialHistogramPoints(builder, metric.ExponentialHistogram.DataPoints, ref refused);
                break;
            default:
                // A metric without data has no points to accept or refuse.
                break;
        }
    }

    private static void AddNumberPoints(MetricBatchBuilder builder, RepeatedField<ProtoMetrics.NumberDataPoint> points, ref Refusals refused)
    {
        foreach (var point in points)
        {
            double value;
            switch (point.ValueCase)
            {
                case ProtoMetrics.NumberDataPoint.ValueOneofCase.AsDouble:
                    value = point.AsDouble;
                    break;
                case ProtoMetrics.NumberDataPoint.ValueOneofCase.AsInt:
                    value = point.AsInt;
                    break;
                default:
                    if ((point.Flags & NoRecordedValueFlag) == 0)
                    {
                        refused.Add(1, Refusal.Malformed);
                        continue;
                    }
                    value = double.NaN;
                    break;
            }
            builder.AddPoint(ToSigned(point.StartTimeUnixNano), ToSigned(point.TimeUnixNano), value, ToFlags(point.Flags), ToAttributes(point.Attributes));
            AddExemplars(builder, point.Exemplars);
        }
    }

    private static void AddHistogramPoints(MetricBatchBuilder builder, RepeatedField<ProtoMetrics.HistogramDataPoint> points, ref Refusals refused)
    {
        foreach (var point in points)
        {
            var bounds = point.ExplicitBounds;
            var counts = point.BucketCounts;
            if (counts.Count != bounds.Count + 1 && !(counts.Count == 0 && bounds.Count == 0))
            {
                refused.Add(1, Refusal.Malformed);
                continue;
            }
            var boundsArray = new double[bounds.Count];
            bounds.CopyTo(boundsArray, 0);
            var countsArray = new ulong[counts.Count];
            counts.CopyTo(countsArray, 0);
            builder.AddHistogramPoint(ToSigned(point.StartTimeUnixNano), ToSigned(point.TimeUnixNano), point.Count,
                point.HasSum ? point.Sum : 0, point.HasSum, ToFlags(point.Flags), boundsArray, countsArray, ToAttributes(point.Attributes));
            AddExemplars(builder, point.Exemplars);
        }
    }

    private static void AddExponentialHistogramPoints(
        MetricBatchBuilder builder, RepeatedField<ProtoMetrics.ExponentialHistogramDataPoint> points, ref Refusals refused)
    {
        foreach (var point in points)
        {
            if (!IsWellFormed(point))
            {
                refused.Add(1, Refusal.Malformed);
                continue;
            }
            var positive = point.Positive;
            var negative = point.Negative;
            builder.AddExponentialHistogramPoint(ToSigned(point.StartTimeUnixNano), ToSigned(point.TimeUnixNano), point.Count,
                point.HasSum ? point.Sum : 0, point.HasSum, point.HasMin ? point.Min : 0, point.HasMin, point.HasMax ? point.Max : 0, point.HasMax,
                point.Scale, point.ZeroCount, point.ZeroThreshold,
                positive?.Offset ?? 0, ToArray(positive), negative?.Offset ?? 0, ToArray(negative),
                ToFlags(point.Flags), ToAttributes(point.Attributes));
            AddExemplars(builder, point.Exemplars);
        }
    }

    // OTLP allows scales -10 to 20; a bucket range must end within the int indices it is addressed by.
    private static bool IsWellFormed(ProtoMetrics.ExponentialHistogramDataPoint point) =>
        point.Scale is >= -10 and <= 20
        && point.ZeroThreshold >= 0
        && FitsIndices(point.Positive)
        && FitsIndices(point.Negative);

    private static bool FitsIndices(ProtoMetrics.ExponentialHistogramDataPoint.Types.Buckets? buckets) =>
        buckets is null || (long)buckets.Offset + buckets.BucketCounts.Count <= (long)int.MaxValue + 1;

    private static ulong[] ToArray(ProtoMetrics.ExponentialHistogramDataPoint.Types.Buckets? buckets)
    {
        if (buckets is null || buckets.BucketCounts.Count == 0)
        {
            return [];
        }
        var counts = new ulong[buckets.BucketCounts.Count];
        buckets.BucketCounts.CopyTo(counts, 0);
        return counts;
    }

    private static void AddSummaryPoints(MetricBatchBuilder builder, RepeatedField<ProtoMetrics.SummaryDataPoint> points)
    {
        foreach (var point in points)
        {
            var quantiles = new QuantileValue[point.QuantileValues.Count];
            for (var i = 0; i < quantiles.Length; i++)
            {
                quantiles[i] = new QuantileValue(point.QuantileValues[i].Quantile, point.QuantileValues[i].Value);
            }
            builder.AddSummaryPoint(ToSigned(point.StartTimeUnixNano), ToSigned(point.TimeUnixNano), point.Count, point.Sum,
                ToFlags(point.Flags), quantiles, ToAttributes(point.Attributes));
        }
    }

    private static void AddExemplars(MetricBatchBuilder builder, RepeatedField<ProtoMetrics.Exemplar> exemplars)
    {
        foreach (var exemplar in exemplars)
        {
            var value = exemplar.ValueCase == ProtoMetrics.Exemplar.ValueOneofCase.AsInt ? exemplar.AsInt : exemplar.AsDouble;
            var traceId = exemplar.TraceId.Length == 16 ? BinaryPrimitives.ReadUInt128BigEndian(exemplar.TraceId.Span) : UInt128.Zero;
            var spanId = exemplar.SpanId.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(exemplar.SpanId.Span) : 0UL;
            builder.AddExemplar(ToSigned(exemplar.TimeUnixNano), value, traceId, spanId, ToAttributes(exemplar.FilteredAttributes));
        }
    }

    private static AggregationTemporality ToTemporality(ProtoMetrics.AggregationTemporality temporality) => temporality switch
    {
        ProtoMetrics.AggregationTemporality.Delta => AggregationTemporality.Delta,
        ProtoMetrics.AggregationTemporality.Cumulative => AggregationTemporality.Cumulative,
        _ => AggregationTemporality.Unspecified,
    };

    private static DataPointFlags ToFlags(uint flags) => (DataPointFlags)(flags & NoRecordedValueFlag);

    private static long ToSigned(ulong unixNano) => unixNano > long.MaxValue ? long.MaxValue : (long)unixNano;

    /// <summary>Converts OTLP attributes to the model's string-valued ones (see the type's remarks).</summary>
    public static ModelAttribute[] ToAttributes(RepeatedField<ProtoCommon.KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }
        var result = new ModelAttribute[attributes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ModelAttribute(attributes[i].Key, ToText(attributes[i].Value));
        }
        return result;
    }

    /// <summary>The string form of an attribute value (see the type's remarks).</summary>
    public static string ToText(ProtoCommon.AnyValue? value)
    {
        if (value is null)
        {
            return "";
        }
        switch (value.ValueCase)
        {
            case ProtoCommon.AnyValue.ValueOneofCase.StringValue:
                return value.StringValue;
            case ProtoCommon.AnyValue.ValueOneofCase.BoolValue:
                return value.BoolValue ? "true" : "false";
            case ProtoCommon.AnyValue.ValueOneofCase.IntValue:
                return value.IntValue.ToString(CultureInfo.InvariantCulture);
            case ProtoCommon.AnyValue.ValueOneofCase.DoubleValue:
                return value.DoubleValue.ToString("R", CultureInfo.InvariantCulture);
            case ProtoCommon.AnyValue.ValueOneofCase.BytesValue:
                return value.BytesValue.ToBase64();
            case ProtoCommon.AnyValue.ValueOneofCase.ArrayValue:
            case ProtoCommon.AnyValue.ValueOneofCase.KvlistValue:
                using (var stream = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(stream, JsonWriterOptions))
                    {
                        WriteJson(writer, value);
                    }
                    return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
                }
            default:
                return "";
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, ProtoCommon.AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case ProtoCommon.AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case ProtoCommon.AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case ProtoCommon.AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value.IntValue);
                break;
            case ProtoCommon.AnyValue.ValueOneofCase.DoubleValue:
                if (double.IsFinite(value.DoubleValue))
                {
                    writer.WriteNumberValue(value.DoubleValue);
                }
                else
                {
                    // JSON has no NaN or infinities.
                    writer.WriteStringValue(value.DoubleValue.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case ProtoCommon.AnyValue.ValueOneofCase.BytesValue:
                writer.WriteStringValue(value.BytesValue.ToBase64());
                break;
            case ProtoCommon.AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    WriteJson(writer, item);
                }
                writer.WriteEndArray();
                break;
            case ProtoCommon.AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var entry in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(entry.Key);
                    WriteJson(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private enum Refusal
    {
        Malformed = 1,
    }

    private struct Refusals
    {
        private Refusal _kinds;

        public int Count { get; private set; }

        public void Add(int points, Refusal kind)
        {
            if (points <= 0)
            {
                return;
            }
            Count += points;
            _kinds |= kind;
        }

        public readonly string Reason()
        {
            var reasons = new List<string>(1);
            if ((_kinds & Refusal.Malformed) != 0)
            {
                reasons.Add("malformed data points (a number point without a value, histogram bucket counts that do not number one more than the bounds, or an exponential histogram with a scale outside -10..20, a negative zero threshold or bucket indices beyond 32 bits)");
            }
            return string.Join("; ", reasons);
        }
    }
}
