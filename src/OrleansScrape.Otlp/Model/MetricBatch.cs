namespace OrleansScrape.Otlp.Model;

/// <summary>
/// The metrics of one resource, in a columnar layout: metrics, points, attributes, buckets and
/// exemplars live in flat arrays that index into each other. One scrape of one target becomes
/// one batch, and a batch crosses grain boundaries as-is. Immutable once built.
/// </summary>
public sealed class MetricBatch
{
    public MetricBatch(
        Attribute[] resourceAttributes,
        InstrumentationScope[] scopes,
        MetricDescriptor[] metrics,
        NumberPoint[] points,
        Attribute[] pointAttributes)
        : this(resourceAttributes, scopes, metrics, points, pointAttributes, [], [], [], [], [], [])
    {
    }

    public MetricBatch(
        Attribute[] resourceAttributes,
        InstrumentationScope[] scopes,
        MetricDescriptor[] metrics,
        NumberPoint[] points,
        Attribute[] pointAttributes,
        HistogramPoint[] histogramPoints,
        double[] histogramBounds,
        ulong[] bucketCounts,
        SummaryPoint[] summaryPoints,
        QuantileValue[] quantiles,
        Exemplar[] exemplars,
        ExponentialHistogramPoint[]? exponentialHistogramPoints = null)
    {
        ResourceAttributes = resourceAttributes;
        Scopes = scopes;
        Metrics = metrics;
        Points = points;
        PointAttributes = pointAttributes;
        HistogramPoints = histogramPoints;
        HistogramBounds = histogramBounds;
        BucketCounts = bucketCounts;
        SummaryPoints = summaryPoints;
        Quantiles = quantiles;
        Exemplars = exemplars;
        ExponentialHistogramPoints = exponentialHistogramPoints ?? [];
    }

    public Attribute[] ResourceAttributes { get; }
    public InstrumentationScope[] Scopes { get; }
    public MetricDescriptor[] Metrics { get; }
    /// <summary>Points of gauges and sums.</summary>
    public NumberPoint[] Points { get; }
    /// <summary>Attributes of every point and exemplar of the batch.</summary>
    public Attribute[] PointAttributes { get; }
    public HistogramPoint[] HistogramPoints { get; }
    public double[] HistogramBounds { get; }
    /// <summary>Bucket counts of explicit-bucket and exponential histogram points.</summary>
    public ulong[] BucketCounts { get; }
    public ExponentialHistogramPoint[] ExponentialHistogramPoints { get; }
    public SummaryPoint[] SummaryPoints { get; }
    public QuantileValue[] Quantiles { get; }
    public Exemplar[] Exemplars { get; }

    /// <summary>Data points of every type: what OTLP and the Collector count as metric points.</summary>
    public int PointCount => Points.Length + HistogramPoints.Length + SummaryPoints.Length + ExponentialHistogramPoints.Length;

    /// <summary>The same batch under other resource attributes.</summary>
    public MetricBatch WithResourceAttributes(Attribute[] resourceAttributes) =>
        new(resourceAttributes, Scopes, Metrics, Points, PointAttributes, HistogramPoints, HistogramBounds, BucketCounts,
            SummaryPoints, Quantiles, Exemplars, ExponentialHistogramPoints);

    public ReadOnlySpan<NumberPoint> PointsOf(in MetricDescriptor metric) =>
        metric.Type is MetricType.Gauge or MetricType.Sum ? Points.AsSpan(metric.PointStart, metric.PointCount) : [];

    public ReadOnlySpan<HistogramPoint> HistogramPointsOf(in MetricDescriptor metric) =>
        metric.Type == MetricType.Histogram ? HistogramPoints.AsSpan(metric.PointStart, metric.PointCount) : [];

    public ReadOnlySpan<ExponentialHistogramPoint> ExponentialHistogramPointsOf(in MetricDescriptor metric) =>
        metric.Type == MetricType.ExponentialHistogram ? ExponentialHistogramPoints.AsSpan(metric.PointStart, metric.PointCount) : [];

    public ReadOnlySpan<SummaryPoint> SummaryPointsOf(in MetricDescriptor metric) =>
        metric.Type == MetricType.Summary ? SummaryPoints.AsSpan(metric.PointStart, metric.PointCount) : [];

    public ReadOnlySpan<Attribute> AttributesOf(in NumberPoint point) =>
        PointAttributes.AsSpan(point.AttributeStart, point.AttributeCount);

    public ReadOnlySpan<Attribute> AttributesOf(in HistogramPoint point) =>
        PointAttributes.AsSpan(point.AttributeStart, point.AttributeCount);

    public ReadOnlySpan<Attribute> AttributesOf(in ExponentialHistogramPoint point) =>
        PointAttributes.AsSpan(point.AttributeStart, point.AttributeCount);

    public ReadOnlySpan<Attribute> AttributesOf(in SummaryPoint point) =>
        PointAttributes.AsSpan(point.AttributeStart, point.AttributeCount);

    public ReadOnlySpan<Attribute> AttributesOf(in Exemplar exemplar) =>
        PointAttributes.AsSpan(exemplar.AttributeStart, exemplar.AttributeCount);

    public ReadOnlySpan<Exemplar> ExemplarsOf(in NumberPoint point) =>
        Exemplars.AsSpan(point.ExemplarStart, point.ExemplarCount);

    public ReadOnlySpan<Exemplar> ExemplarsOf(in HistogramPoint point) =>
        Exemplars.AsSpan(point.ExemplarStart, point.ExemplarCount);

    public ReadOnlySpan<Exemplar> ExemplarsOf(in ExponentialHistogramPoint point) =>
        Exemplars.AsSpan(point.ExemplarStart, point.ExemplarCount);

    /// <summary>Counts of the point's positive buckets, from its positive offset up.</summary>
    public ReadOnlySpan<ulong> PositiveBucketCountsOf(in ExponentialHistogramPoint point) =>
        BucketCounts.AsSpan(point.CountsStart, point.PositiveCount);

    /// <summary>Counts of the point's negative buckets, from its negative offset up (by magnitude).</summary>
    public ReadOnlySpan<ulong> NegativeBucketCountsOf(in ExponentialHistogramPoint point) =>
        BucketCounts.AsSpan(point.CountsStart + point.PositiveCount, point.NegativeCount);

    /// <summary>Upper bounds of the point's buckets, ascending.</summary>
    public ReadOnlySpan<double> BoundsOf(in HistogramPoint point) =>
        HistogramBounds.AsSpan(point.BoundsStart, point.BoundsCount);

    /// <summary>Bucket counts, one more than the bounds.</summary>
    public ReadOnlySpan<ulong> BucketCountsOf(in HistogramPoint point) =>
        BucketCounts.AsSpan(point.CountsStart, point.BoundsCount + 1);

    public ReadOnlySpan<QuantileValue> QuantilesOf(in SummaryPoint point) =>
        Quantiles.AsSpan(point.QuantileStart, point.QuantileCount);

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
