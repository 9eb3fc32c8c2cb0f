namespace OrleansScrape.Hosting.Telemetry;

/// <summary>The <c>compression</c> of a periodic reader's OTLP exporter.</summary>
public enum OtlpSelfCompression
{
    /// <summary>No compression (the default of the Collector's own-telemetry exporter).</summary>
    None,

    Gzip,
}
