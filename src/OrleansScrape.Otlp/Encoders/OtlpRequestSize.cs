using System.Buffers;
using Google.Protobuf;
using OrleansScrape.Otlp.Model;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Encoders;

/// <summary>
/// The exact size in bytes of the protobuf <c>ExportMetricsServiceRequest</c> that
/// <see cref="OtlpRequestEncoder.Encode"/> would produce, computed from the batches without building
/// the message: what the <c>bytes</c> sizer of a sending queue and the <c>max_request_bytes</c> limit
/// measure. Allocates nothing per point.
/// </summary>
/// <remarks>
/// A request is a list of resources, so the size of several batches sent together is the sum of
/// their <see cref="Of(MetricBatch)"/> sizes: merging and splitting requests along batch boundaries
/// adds and subtracts sizes exactly.
/// </remarks>
public static class OtlpRequestSize
{
    // Every field number of the OTLP metrics messages is below 16: its tag is one byte.
    private const int Tag = 1;
    private const int Fixed64 = Tag + 8;

    /// <summary>The encoded size of a request of these batches.</summary>
    public static long Of(IReadOnlyList<MetricBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long size = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            size += Of(batches[i]);
        }
        return size;
    }

    /// <summary>The bytes one batch adds to a request: its <c>ResourceMetrics</c> entry, tag and length included.</summary>
    public static long Of(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var resource = Embedded(Attributes(batch.ResourceAttributes));
        var scopeCount = batch.Scopes.Length;
        var rented = scopeCount > 32 ? ArrayPool<long>.Shared.Rent(scopeCount) : null;
        Span<long> scopeSizes = rented is null ? stackalloc long[scopeCount] : rented.AsSpan(0, scopeCount);
        // -1: a scope no metric refers to, which the encoder leaves out.
        scopeSizes.Fill(-1);
        try
        {
            foreach (ref readonly var metric in batch.Metrics.AsSpan())
            {
                if ((uint)metric.ScopeIndex >= (uint)scopeCount)
                {
                    throw new ArgumentException(
                        $"Metric '{metric.Name}' refers to scope {metric.ScopeIndex}, but its batch has {scopeCount} scopes.", nameof(batch));
                }
                scopeSizes[metric.ScopeIndex] = Math.Max(0, scopeSizes[metric.ScopeIndex]) + Embedded(Metric(batch, metric));
            }
            long scopes = 0;
            for (var i = 0; i < scopeCount; i++)
            {
                if (scopeSizes[i] >= 0)
                {
                    var scope = batch.Scopes[i];
                    var scopeMessage = Embedded(String(scope.Name) + String(scope.Version));
                    scopes += Embedded(scopeMessage + scopeSizes[i]);
                }
            }
            return Embedded(resource + scopes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    private static long Metric(MetricBatch batch, in MetricDescriptor metric)
    {
        var size = String(metric.Name) + String(metric.Description) + String(metric.Unit);
        long data = 0;
        switch (metric.Type)
        {
            case MetricType.Gauge:
                data = NumberPoints(batch, metric);
                break;
            case MetricType.Sum:
                data = NumberPoints(batch, metric) + Temporality(metric) + (metric.IsMonotonic ? Tag + 1 : 0);
                break;
            case MetricType.Histogram:
                foreach (ref readonly var point in batch.HistogramPointsOf(metric))
                {
                    data += Embedded(HistogramPoint(batch, point));
                }
                data += Temporality(metric);
                break;
            case MetricType.ExponentialHistogram:
                foreach (ref readonly var point in batch.ExponentialHistogramPointsOf(metric))
                {
                    data += Embedded(ExponentialHistogramPoint(batch, point));
                }
                data += Temporality(metric);
                break;
            case MetricType.Summary:
                foreach (ref readonly var point in batch.SummaryPointsOf(metric))
                {
                    data += Embedded(SummaryPoint(batch, point));
                }
                break;
            default:
                throw new ArgumentException($"Metric '{metric.Name}' is a {metric.Type}, which a MetricBatch cannot carry.", nameof(batch));
        }
        return size + Embedded(data);
    }

    private static long Temporality(in MetricDescriptor metric) =>
        metric.Temporality == AggregationTemporality.Unspecified ? 0 : Tag + CodedOutputStream.ComputeEnumSize((int)metric.Temporality);

    private static long NumberPoints(MetricBatch batch, in MetricDescriptor metric)
    {
        long size = 0;
        foreach (ref readonly var point in batch.PointsOf(metric))
        {
            var body = Attributes(batch.AttributesOf(point))
                + Time(point.StartTimeUnixNano) + Time(point.TimeUnixNano)
                + Fixed64 // as_double: a oneof member, written even when zero
                + Exemplars(batch, batch.ExemplarsOf(point))
                + Flags(point.Flags);
            size += Embedded(body);
        }
        return size;
    }

    private static long HistogramPoint(MetricBatch batch, in HistogramPoint point)
    {
        var bounds = point.BoundsCount;
        return Attributes(batch.AttributesOf(point))
            + Time(point.StartTimeUnixNano) + Time(point.TimeUnixNano)
            + (point.Count != 0 ? Fixed64 : 0)
            + (point.HasSum ? Fixed64 : 0)
            + Packed(8L * (bounds + 1))
            + Packed(8L * bounds)
            + Exemplars(batch, batch.ExemplarsOf(point))
            + Flags(point.Flags);
    }

    private static long ExponentialHistogramPoint(MetricBatch batch, in ExponentialHistogramPoint point) =>
        Attributes(batch.AttributesOf(point))
        + Time(point.StartTimeUnixNano) + Time(point.TimeUnixNano)
        + (point.Count != 0 ? Fixed64 : 0)
        + (point.HasSum ? Fixed64 : 0)
        + (point.Scale != 0 ? Tag + CodedOutputStream.ComputeSInt32Size(point.Scale) : 0)
        + (point.ZeroCount != 0 ? Fixed64 : 0)
        + Embedded(Buckets(point.PositiveOffset, batch.PositiveBucketCountsOf(point)))
        + Embedded(Buckets(point.NegativeOffset, batch.NegativeBucketCountsOf(point)))
        + Flags(point.Flags)
        + Exemplars(batch, batch.ExemplarsOf(point))
        + (point.HasMin ? Fixed64 : 0)
        + (point.HasMax ? Fixed64 : 0)
        + (point.ZeroThreshold != 0D ? Fixed64 : 0);

    private static long Buckets(int offset, ReadOnlySpan<ulong> counts)
    {
        long varints = 0;
        foreach (var count in counts)
        {
            varints += CodedOutputStream.ComputeUInt64Size(count);
        }
        return (offset != 0 ? Tag + CodedOutputStream.ComputeSInt32Size(offset) : 0) + Packed(varints);
    }

    private static long SummaryPoint(MetricBatch batch, in SummaryPoint point)
    {
        long quantiles = 0;
        foreach (ref readonly var quantile in batch.QuantilesOf(point))
        {
            quantiles += Embedded((quantile.Quantile != 0D ? Fixed64 : 0) + (quantile.Value != 0D ? Fixed64 : 0));
        }
        return Attributes(batch.AttributesOf(point))
            + Time(point.StartTimeUnixNano) + Time(point.TimeUnixNano)
            + (point.Count != 0 ? Fixed64 : 0)
            + (point.Sum != 0D ? Fixed64 : 0)
            + quantiles
            + Flags(point.Flags);
    }

    private static long Exemplars(MetricBatch batch, ReadOnlySpan<Exemplar> exemplars)
    {
        long size = 0;
        foreach (ref readonly var exemplar in exemplars)
        {
            var body = Attributes(batch.AttributesOf(exemplar))
                + Time(exemplar.TimeUnixNano)
                + Fixed64 // as_double
                + (exemplar.SpanId != 0 ? Tag + 1 + 8 : 0)
                + (exemplar.TraceId != UInt128.Zero ? Tag + 1 + 16 : 0);
            size += Embedded(body);
        }
        return size;
    }

    private static long Attributes(ReadOnlySpan<ModelAttribute> attributes)
    {
        long size = 0;
        foreach (ref readonly var attribute in attributes)
        {
            // AnyValue carries string_value, a oneof member: written even when empty.
            var value = Embedded(Tag + CodedOutputStream.ComputeStringSize(attribute.Value ?? string.Empty));
            size += Embedded(String(attribute.Key) + value);
        }
        return size;
    }

    // A proto3 string field is left out when empty.
    private static long String(string? value) =>
        string.IsNullOrEmpty(value) ? 0 : Tag + CodedOutputStream.ComputeStringSize(value);

    // The encoder writes times below 1 as 0, which proto3 leaves out.
    private static long Time(long unixNano) => unixNano > 0 ? Fixed64 : 0;

    private static long Flags(DataPointFlags flags) =>
        flags == DataPointFlags.None ? 0 : Tag + CodedOutputStream.ComputeUInt32Size((uint)flags);

    // A packed repeated field of this many payload bytes; left out when empty.
    private static long Packed(long payload) => payload == 0 ? 0 : Tag + Length(payload);

    // Tag, length prefix and body of a message field, written even when the body is empty.
    private static long Embedded(long body) => Tag + Length(body);

    private static long Length(long body) => CodedOutputStream.ComputeLengthSize((int)Math.Min(body, int.MaxValue)) + body;
}
