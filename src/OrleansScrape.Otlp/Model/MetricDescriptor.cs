namespace OrleansScrape.Otlp.Model;

/// <summary>
/// One metric of a batch. Its points are <c>Points[PointStart .. PointStart + PointCount)</c>
/// of the owning <see cref="MetricBatch"/>, so a batch holds no object per point.
/// </summary>
public readonly record struct MetricDescriptor(
    string Name,
    string Description,
    string Unit,
    MetricType Type,
    AggregationTemporality Temporality,
    bool IsMonotonic,
    int ScopeIndex,
    int PointStart,
    int PointCount);
