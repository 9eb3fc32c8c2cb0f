using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Grains.Telemetry;

/// <summary>Self-monitoring of the scrape side, with the Collector's names so existing dashboards work.</summary>
internal static class ReceiverTelemetry
{
    private static readonly KeyValuePair<string, object?>[] PrometheusReceiver =
        [new("receiver", "prometheus"), new("transport", "http")];

    private static readonly Counter<long> Accepted = OrleansScrapeMeter.Meter.CreateCounter<long>(
        "otelcol_receiver_accepted_metric_points", "{datapoints}",
        "Number of metric points successfully pushed into the pipeline.");

    private static readonly Counter<long> Refused = OrleansScrapeMeter.Meter.CreateCounter<long>(
        "otelcol_receiver_refused_metric_points", "{datapoints}",
        "Number of metric points that could not be pushed into the pipeline.");

    private static readonly Counter<long> Scrapes = OrleansScrapeMeter.Meter.CreateCounter<long>(
        "orleansscrape_scrapes", "{scrapes}", "Scrapes performed, by result.");

    public static void RecordAccepted(int points) => Accepted.Add(points, PrometheusReceiver);

    public static void RecordRefused(int points) => Refused.Add(points, PrometheusReceiver);

    public static void RecordScrape(bool up) => Scrapes.Add(1, new KeyValuePair<string, object?>("result", up ? "success" : "failure"));
}
