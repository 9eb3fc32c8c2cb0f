namespace OrleansScrape.Prometheus.Exposition;

/// <summary>Which part of a metric point an OpenMetrics sample is, told by its name's suffix.</summary>
internal enum OpenMetricsSampleRole : byte
{
    /// <summary>No suffix: a gauge, stateset, unknown or summary quantile value; also <c>_info</c>.</summary>
    Value,
    Total,
    Created,
    Count,
    Sum,
    Bucket,
    GaugeCount,
    GaugeSum,
}
