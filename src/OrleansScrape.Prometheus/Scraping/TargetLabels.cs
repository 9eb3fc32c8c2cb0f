using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// Attaches a target's labels to every point, as Prometheus does with <c>honor_labels: false</c>:
/// the target's value wins and a scraped label of the same name is kept as <c>exported_NAME</c>.
/// </summary>
public static class TargetLabels
{
    public static MetricBatch Attach(MetricBatch batch, IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return batch;
        }
        var targetLabels = labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new Attribute(l.Key, l.Value)).ToArray();
        var builder = new MetricBatchBuilder(batch.ResourceAttributes);
        foreach (var scope in batch.Scopes)
        {
            builder.AddScope(scope);
        }
        var merged = new List<Attribute>();
        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            builder.BeginMetric(metric, metric.ScopeIndex);
            foreach (ref readonly var point in batch.PointsOf(metric))
            {
                merged.Clear();
                foreach (var attribute in batch.AttributesOf(point))
                {
                    merged.Add(labels.ContainsKey(attribute.Key) ? attribute with { Key = "exported_" + attribute.Key } : attribute);
                }
                merged.AddRange(targetLabels);
                builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(merged));
            }
        }
        return builder.Build();
    }
}
