using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>Reshapes batches to fit <see cref="BackendLimits"/>: attributes cut, summaries as gauges, requests split by size.</summary>
public static class RequestShaper
{
    /// <summary>The batches with points cut to the attribute limit and summaries turned into gauges, when the limits ask for it.</summary>
    public static IReadOnlyList<MetricBatch> Shape(IReadOnlyList<MetricBatch> batches, BackendLimits limits, out long droppedAttributes)
    {
        droppedAttributes = 0;
        if (!limits.ShapesBatches || !batches.Any(b => NeedsShaping(b, limits)))
        {
            return batches;
        }
        var shaped = new List<MetricBatch>(batches.Count);
        foreach (var batch in batches)
        {
            shaped.Add(NeedsShaping(batch, limits) ? ShapeBatch(batch, limits, ref droppedAttributes) : batch);
        }
        return shaped;
    }

    /// <summary>
    /// Splits a request in halves (by points) until every part's encoded size is within the limit.
    /// A single point larger than the limit is sent alone: nothing smaller can carry it.
    /// </summary>
    public static List<IReadOnlyList<MetricBatch>> SplitBySize(IReadOnlyList<MetricBatch> batches, long maxBytes, Func<IReadOnlyList<MetricBatch>, long> size)
    {
        var parts = new List<IReadOnlyList<MetricBatch>>();
        Split(batches, maxBytes, size, parts);
        return parts;
    }

    private static void Split(IReadOnlyList<MetricBatch> batches, long maxBytes, Func<IReadOnlyList<MetricBatch>, long> size, List<IReadOnlyList<MetricBatch>> parts)
    {
        var points = batches.Sum(b => b.PointCount);
        if (maxBytes <= 0 || points <= 1 || size(batches) <= maxBytes)
        {
            parts.Add(batches);
            return;
        }
        var half = points / 2;
        var first = new List<MetricBatch>();
        var second = new List<MetricBatch>();
        var seen = 0;
        foreach (var batch in batches)
        {
            if (seen + batch.PointCount <= half)
            {
                first.Add(batch);
            }
            else if (seen >= half)
            {
                second.Add(batch);
            }
            else
            {
                var take = half - seen;
                first.Add(MetricBatchSlicer.Slice(batch, 0, take));
                second.Add(MetricBatchSlicer.Slice(batch, take, batch.PointCount - take));
            }
            seen += batch.PointCount;
        }
        Split(first, maxBytes, size, parts);
        Split(second, maxBytes, size, parts);
    }

    private static bool NeedsShaping(MetricBatch batch, BackendLimits limits)
    {
        if (limits.SummariesAsGauges && batch.SummaryPoints.Length > 0)
        {
            return true;
        }
        if (limits.MaxAttributesPerPoint > 0)
        {
            foreach (ref readonly var point in batch.Points.AsSpan())
            {
                if (point.AttributeCount > limits.MaxAttributesPerPoint)
                {
                    return true;
                }
            }
            foreach (ref readonly var point in batch.HistogramPoints.AsSpan())
            {
                if (point.AttributeCount > limits.MaxAttributesPerPoint)
                {
                    return true;
                }
            }
            foreach (ref readonly var point in batch.SummaryPoints.AsSpan())
            {
                if (point.AttributeCount > limits.MaxAttributesPerPoint)
                {
                    return true;
                }
            }
            foreach (ref readonly var point in batch.ExponentialHistogramPoints.AsSpan())
            {
                if (point.AttributeCount > limits.MaxAttributesPerPoint)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static MetricBatch ShapeBatch(MetricBatch batch, BackendLimits limits, ref long droppedAttributes)
    {
        var builder = new MetricBatchBuilder(batch.ResourceAttributes);
        var scopes = batch.Scopes.Select(builder.AddScope).ToArray();
        var max = limits.MaxAttributesPerPoint;
        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            var scope = scopes[metric.ScopeIndex];
            if (metric.Type == MetricType.Summary && limits.SummariesAsGauges)
            {
                AddSummaryAsGauges(builder, batch, metric, scope, max, ref droppedAttributes);
                continue;
            }
            builder.BeginMetric(metric, scope);
            switch (metric.Type)
            {
                case MetricType.Histogram:
                    foreach (ref readonly var point in batch.HistogramPointsOf(metric))
                    {
                        builder.AddHistogramPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.HasSum, point.Flags,
                            batch.BoundsOf(point), batch.BucketCountsOf(point), Cut(batch.AttributesOf(point), max, ref droppedAttributes));
                        builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                    }
                    break;
                case MetricType.ExponentialHistogram:
                    foreach (ref readonly var point in batch.ExponentialHistogramPointsOf(metric))
                    {
                        builder.AddExponentialHistogramPoint(batch, point, Cut(batch.AttributesOf(point), max, ref droppedAttributes));
                        builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                    }
                    break;
                case MetricType.Summary:
                    foreach (ref readonly var point in batch.SummaryPointsOf(metric))
                    {
                        builder.AddSummaryPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.Flags,
                            batch.QuantilesOf(point), Cut(batch.AttributesOf(point), max, ref droppedAttributes));
                    }
                    break;
                default:
                    foreach (ref readonly var point in batch.PointsOf(metric))
                    {
                        builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, Cut(batch.AttributesOf(point), max, ref droppedAttributes));
                        builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                    }
                    break;
            }
        }
        return builder.Build();
    }

    private static void AddSummaryAsGauges(MetricBatchBuilder builder, MetricBatch batch, in MetricDescriptor metric, int scope, int max, ref long droppedAttributes)
    {
        var points = batch.SummaryPointsOf(metric);
        builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        var withQuantile = new List<Attribute>();
        foreach (ref readonly var point in points)
        {
            foreach (var quantile in batch.QuantilesOf(point))
            {
                withQuantile.Clear();
                withQuantile.AddRange(batch.AttributesOf(point));
                withQuantile.Add(new Attribute("quantile", quantile.Quantile.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, quantile.Value, point.Flags,
                    Cut(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(withQuantile), max, ref droppedAttributes));
            }
        }
        builder.BeginMetric(metric.Name + "_sum", metric.Description, metric.Unit, MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        foreach (ref readonly var point in points)
        {
            builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Sum, point.Flags, Cut(batch.AttributesOf(point), max, ref droppedAttributes));
        }
        builder.BeginMetric(metric.Name + "_count", metric.Description, "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        foreach (ref readonly var point in points)
        {
            builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Flags, Cut(batch.AttributesOf(point), max, ref droppedAttributes));
        }
    }

    // Keeps the first attributes in key order, so a series keeps the same identity from request to request.
    private static ReadOnlySpan<Attribute> Cut(ReadOnlySpan<Attribute> attributes, int max, ref long dropped)
    {
        if (max <= 0 || attributes.Length <= max)
        {
            return attributes;
        }
        var sorted = attributes.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        dropped += sorted.Length - max;
        return sorted.AsSpan(0, max);
    }
}
