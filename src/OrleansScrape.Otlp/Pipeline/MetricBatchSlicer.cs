using OrleansScrape.Otlp.Model;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Pipeline;

/// <summary>Cuts a batch into smaller batches of the same resource, so no export request exceeds its point limit.</summary>
internal static class MetricBatchSlicer
{
    /// <summary>
    /// The points at positions <c>[skip, skip + take)</c>, counted metric by metric, with the
    /// metrics they belong to. A metric cut in two appears in both slices with its part of the points.
    /// </summary>
    public static MetricBatch Slice(MetricBatch batch, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (skip == 0 && take >= batch.PointCount)
        {
            return batch;
        }

        var end = skip + take;
        var metrics = new List<MetricDescriptor>();
        var points = new List<NumberPoint>(take);
        var attributes = new List<ModelAttribute>();
        var metricStart = 0;
        foreach (var metric in batch.Metrics)
        {
            if (metricStart >= end)
            {
                break;
            }
            var metricEnd = metricStart + metric.PointCount;
            var from = Math.Max(metricStart, skip);
            var to = Math.Min(metricEnd, end);
            if (from < to)
            {
                metrics.Add(metric with { PointStart = points.Count, PointCount = to - from });
                foreach (ref readonly var point in batch.PointsOf(metric).Slice(from - metricStart, to - from))
                {
                    // Attributes are copied per point: the source may share or reorder attribute ranges.
                    points.Add(point with { AttributeStart = attributes.Count });
                    attributes.AddRange(batch.AttributesOf(point));
                }
            }
            metricStart = metricEnd;
        }
        return new MetricBatch(batch.ResourceAttributes, batch.Scopes, metrics.ToArray(), points.ToArray(), attributes.ToArray());
    }
}
