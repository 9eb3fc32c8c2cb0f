namespace OrleansScrape.Prometheus.Exposition;

/// <summary>The metric types a <c># TYPE</c> line may declare, in text 0.0.4 and OpenMetrics 1.0.</summary>
public enum MetricKind : byte
{
    /// <summary>Text 0.0.4: no TYPE line, or <c>untyped</c>. OpenMetrics uses <see cref="Unknown"/> instead.</summary>
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
    /// <summary>OpenMetrics <c>gaugehistogram</c>: buckets plus <c>_gcount</c>/<c>_gsum</c>.</summary>
    GaugeHistogram,
    /// <summary>OpenMetrics <c>info</c>: one <c>_info</c> sample of value 1 per metric.</summary>
    Info,
    /// <summary>OpenMetrics <c>stateset</c>: one 0/1 sample per state, the state in a label named after the family.</summary>
    StateSet,
    /// <summary>OpenMetrics <c>unknown</c>, or a family without TYPE line.</summary>
    Unknown,
}
