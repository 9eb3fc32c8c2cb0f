namespace OrleansScrape.Otlp.Model;

/// <summary>
/// The metrics of one resource, in a columnar layout: metrics, points and attributes live in
/// flat arrays that index into each other. One scrape of one target becomes one batch, and a
/// batch crosses grain boundaries as-is. Treat it as immutable once built.
/// </summary>
public sealed class MetricBatch
{
    public MetricBatch(
        Attribute[] resourceAttributes,
        InstrumentationScope[] scopes,
        MetricDescriptor[] metrics,
        NumberPoint[] points,
        Attribute[] pointAttributes)
    {
        ResourceAttributes = resourceAttributes;
        Scopes = scopes;
        Metrics = metrics;
        Points = points;
        PointAttributes = pointAttributes;
    }

    public Attribute[] ResourceAttributes { get; }
    public InstrumentationScope[] Scopes { get; }
    public MetricDescriptor[] Metrics { get; }
    public NumberPoint[] Points { get; }
    public Attribute[] PointAttributes { get; }

    public int PointCount => Points.Length;

    public ReadOnlySpan<NumberPoint> PointsOf(in MetricDescriptor metric) =>
        Points.AsSpan(metric.PointStart, metric.PointCount);

    public ReadOnlySpan<Attribute> AttributesOf(in NumberPoint point) =>
        PointAttributes.AsSpan(point.AttributeStart, point.AttributeCount);

    /// <summary>The value of a resource attribute, or null when the resource has none of that key.</summary>
    public string? FindResourceAttribute(string key)
    {
        foreach (var attribute in ResourceAttributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value;
            }
        }
        return null;
    }
}
