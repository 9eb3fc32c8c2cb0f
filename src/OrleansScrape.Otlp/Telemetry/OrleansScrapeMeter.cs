using System.Diagnostics.Metrics;

namespace OrleansScrape.Otlp.Telemetry;

/// <summary>The one meter every OrleansScrape library records its own metrics on.</summary>
public static class OrleansScrapeMeter
{
    public const string MeterName = "OrleansScrape";

    public static Meter Meter { get; } = new(MeterName, typeof(OrleansScrapeMeter).Assembly.GetName().Version?.ToString());
}
