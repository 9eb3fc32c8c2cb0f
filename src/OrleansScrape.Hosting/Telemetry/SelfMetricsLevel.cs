namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// <c>service.telemetry.metrics.level</c>: how much of OrleansScrape's own telemetry is emitted
/// (see README.md beside this file for the instruments of each level).
/// </summary>
public enum SelfMetricsLevel
{
    /// <summary>No self-metrics anywhere: no reader is created and the silo's <c>/metrics</c> is empty.</summary>
    None,

    /// <summary>The Collector's essential <c>otelcol_*</c> instruments: receiver accepted/refused, exporter sent/failed, queue size/capacity.</summary>
    Basic,

    /// <summary>Every instrument of the <c>OrleansScrape</c> meter (the default).</summary>
    Normal,

    /// <summary>Normal plus the <c>Microsoft.Orleans</c> meter and the .NET runtime's <c>System.Runtime</c> meter.</summary>
    Detailed,
}
