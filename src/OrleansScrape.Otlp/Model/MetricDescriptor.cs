namespace OrleansScrape.Otlp.Model;

/// <summary>
/// One metric of a batch. Its points are <c>[PointStart .. PointStart + PointCount)</c> of the
/// batch's point array for its type: <see cref="MetricBatch.Points"/> for gauges and sums,
/// <see cref="MetricBatch.HistogramPoints"/> for histograms, <see cref="MetricBatch.ExponentialHistogramPoints"/>
/// for exponential histograms, <see cref="MetricBatch.SummaryPoints"/> for summaries. A batch holds no object per point.
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
