namespace OrleansScrape.Prometheus.Exposition;

/// <summary>The metric types a <c># TYPE</c> line may declare in text format 0.0.4.</summary>
public enum MetricKind : byte
{
    /// <summary>No TYPE line, or <c>untyped</c>.</summary>
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}
