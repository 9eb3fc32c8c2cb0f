using OrleansScrape.Grains.Placement;
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


    [Fact]
    public async Task OneMinuteOutage_LosesNothing()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Address, sink.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas before the outage");
        sink.Unavailable = true;
        var scrapesAtStart = exporter.Scrapes;
        await Task.Delay(TimeSpan.FromMinutes(1));
        var scrapesDuringOutage = exporter.Scrapes - scrapesAtStart;
        var countAtRecovery = DeltaAssertions.DeltasOfPathA(sink).Count;
        sink.Unavailable = false;

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= countAtRecovery + 5, TimeSpan.FromSeconds(90), "deltas after the outage");
        // Ten consumers (the Collector's default) send the queued requests in parallel, so after the outage
        // they arrive in any order: wait until the oldest, still in their retry backoff, have arrived too.
        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(60));

        Assert.True(sink.Refused > 0, "the backend refused nothing: there was no outage");
        Assert.True(scrapesDuringOutage >= 50, $"only {scrapesDuringOutage} scrapes during the outage");
        var deltas = DeltaAssertions.DeltasOfPathA(sink);
        DeltaAssertions.AssertContiguousWholeIncreases(deltas);
        // The increase of the whole run arrived: from the first baseline to the last exported point.
        var covered = (deltas[^1].TimeUnixNano - deltas[0].StartTimeUnixNano) / 1e9;
        Assert.True(covered >= 60, $"the deltas cover only {covered:0.0}s");
    }
}
