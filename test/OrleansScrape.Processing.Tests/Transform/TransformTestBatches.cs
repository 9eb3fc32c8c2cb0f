using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Transform;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.Transform;

/// <summary>Batches and runners for transform tests: a sum with one point, plus optional histogram and summary.</summary>
internal static class TransformTestBatches
{
    public static MetricBatch Batch(Attribute[] resource, Attribute[] point, bool allKinds = false)
    {
        var builder = new MetricBatchBuilder(resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("requests_total", "Requests.", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        builder.AddPoint(0, 1, 5, DataPointFlags.None, point);
        builder.AddExemplar(1, 1, 7, 9, [new Attribute("trace", "t")]);
        if (allKinds)
        {
            builder.BeginMetric("latency_seconds", "", "s", MetricType.Histogram, AggregationTemporality.Cumulative, false, scope);
            builder.AddHistogramPoint(0, 1, 3, 0.6, true, DataPointFlags.None, [0.5], [2, 1], point);
            builder.BeginMetric("size_bytes", "", "By", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
            builder.AddSummaryPoint(0, 1, 2, 10, DataPointFlags.None, [new QuantileValue(0.5, 4)], point);
            builder.BeginMetric("rpc.duration", "", "ms", MetricType.ExponentialHistogram, AggregationTemporality.Delta, false, scope);
            builder.AddExponentialHistogramPoint(0, 1, 4, 9, true, 1, true, 5, true, 2, 1, 0, -1, [1, 2], 3, [0], DataPointFlags.None, point);
            builder.AddExemplar(1, 2, 8, 9, []);
        }
        return builder.Build();
    }

    /// <summary>A gauge with two points, visited in this order.</summary>
    public static MetricBatch TwoPoints(Attribute[] resource, Attribute[] first, Attribute[] second)
    {
        var builder = new MetricBatchBuilder(resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("pods", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 1, 1, DataPointFlags.None, first);
        builder.AddPoint(0, 1, 2, DataPointFlags.None, second);
        return builder.Build();
    }

    public static MetricBatch Run(OttlContext? context, IReadOnlyList<string> statements, MetricBatch batch,
        TransformErrorMode errorMode = TransformErrorMode.Propagate) =>
        new TransformProcessor(new TransformOptions
        {
            ErrorMode = errorMode,
            MetricStatements = [new TransformStatementGroup(context, statements)],
        }).Process(batch);

    public static Dictionary<string, string> PointAttributes(MetricBatch batch, int point = 0) =>
        batch.AttributesOf(batch.Points[point]).ToArray().ToDictionary(a => a.Key, a => a.Value);

    public static Dictionary<string, string> ResourceAttributes(MetricBatch batch) =>
        batch.ResourceAttributes.ToDictionary(a => a.Key, a => a.Value);

    /// <summary>Point attributes after datapoint statements over a point with <paramref name="point"/>.</summary>
    public static Dictionary<string, string> OnPoint(Attribute[] point, params string[] statements) =>
        PointAttributes(Run(OttlContext.DataPoint, statements, Batch([new("service.name", "svc")], point)));

    /// <summary>Resource attributes after resource statements.</summary>
    public static Dictionary<string, string> OnResource(Attribute[] resource, params string[] statements) =>
        ResourceAttributes(Run(OttlContext.Resource, statements, Batch(resource, [])));
}
