using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The backend answers 503 for a minute: the export pipeline retries, the series grains wait for
/// delivery, and once the backend is back the deltas it receives cover the outage with no gap.
/// </summary>
public sealed class BackendOutageTests
{
    private static string Config(string target, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: outage
                  scrape_interval: 1s
                  static_configs:
                    - targets: ['{{target}}']
        processors:
          cumulativetodelta: {}
          batch:
            timeout: 100ms
        exporters:
          otlphttp:
            endpoint: {{sink}}
            retry_on_failure:
              initial_interval: 1s
              max_interval: 5s
              max_elapsed_time: 5m
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp]
        """;

    private static List<NumberDataPoint> Deltas(OtlpSink sink) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .Where(m => m.Name == "requests_total")
            .SelectMany(m => m.Sum.DataPoints)
            .Where(p => p.Attributes.Any(a => a.Key == "path" && a.Value.StringValue == "/a"))
            .OrderBy(p => p.TimeUnixNano)
            .ToList();

    [Fact]
    public async Task OneMinuteOutage_LosesNothing()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Address, sink.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => Deltas(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas before the outage");
        sink.Unavailable = true;
        var scrapesAtStart = exporter.Scrapes;
        await Task.Delay(TimeSpan.FromMinutes(1));
        var scrapesDuringOutage = exporter.Scrapes - scrapesAtStart;
        var countAtRecovery = Deltas(sink).Count;
        sink.Unavailable = false;

        await Eventually.WaitAsync(() => Deltas(sink).Count >= countAtRecovery + 5, TimeSpan.FromSeconds(90), "deltas after the outage");

        Assert.True(sink.Refused > 0, "the backend refused nothing: there was no outage");
        Assert.True(scrapesDuringOutage >= 50, $"only {scrapesDuringOutage} scrapes during the outage");
        var deltas = Deltas(sink);
        for (var i = 1; i < deltas.Count; i++)
        {
            Assert.True(deltas[i].StartTimeUnixNano == deltas[i - 1].TimeUnixNano,
                $"delta {i} starts at {deltas[i].StartTimeUnixNano}, the previous ended at {deltas[i - 1].TimeUnixNano}");
        }
        Assert.All(deltas, d => Assert.True(d.AsDouble > 0 && d.AsDouble % SyntheticExporter.IncreaseA == 0, $"delta {d.AsDouble}"));
        // The increase of the whole run arrived: from the first baseline to the last exported point.
        var covered = (deltas[^1].TimeUnixNano - deltas[0].StartTimeUnixNano) / 1e9;
        Assert.True(covered >= 60, $"the deltas cover only {covered:0.0}s");
    }
}
