namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// The body formats a scrape can receive. <see cref="ExpositionFormatNegotiation"/> adds
/// <c>ExpositionFormat.FromContentType</c> to pick one from a response's Content-Type.
/// </summary>
public enum ExpositionFormat : byte
{
    /// <summary><c>text/plain</c> (versions 0.0.4 and 1.0.0): parse with <see cref="TextFormatParser"/>.</summary>
    TextPlain004,
    /// <summary><c>application/openmetrics-text; version=1.0.0</c>: parse with <see cref="OpenMetricsParser"/>.</summary>
    OpenMetrics100,
    /// <summary><c>application/openmetrics-text; version=0.0.1</c>, the pre-standard name of the same syntax: <see cref="OpenMetricsParser"/>.</summary>
    OpenMetrics001,
}
