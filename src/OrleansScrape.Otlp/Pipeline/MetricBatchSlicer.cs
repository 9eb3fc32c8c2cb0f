using OrleansScrape.Otlp.Model;

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
        var builder = new MetricBatchBuilder(batch.ResourceAttributes);
        foreach (var scope in batch.Scopes)
        {
            builder.AddScope(scope);
        }
        var metricStart = 0;
        foreach (ref readonly var metric in batch.Metrics.AsSpan())
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
                builder.BeginMetric(metric, metric.ScopeIndex);
                builder.CopyPoints(batch, metric, from - metricStart, to - from);
            }
            metricStart = metricEnd;
        }
        return builder.Build();
    }

    /// <summary>
    /// The points at positions <c>[skip, skip + take)</c> of a request of several batches, counted batch
    /// by batch: whole batches where they fit, slices of the batches cut at either end.
    /// </summary>
    public static IReadOnlyList<MetricBatch> SliceRequest(IReadOnlyList<MetricBatch> batches, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var end = skip + take;
        var slices = new List<MetricBatch>();
        var start = 0;
        foreach (var batch in batches)
        {
            if (start >= end)
            {
                break;
            }
            var batchEnd = start + batch.PointCount;
            var from = Math.Max(start, skip);
            var to = Math.Min(batchEnd, end);
            if (from < to)
            {
                slices.Add(Slice(batch, from - start, to - from));
            }
            start = batchEnd;
        }
        return slices;
    }
}
