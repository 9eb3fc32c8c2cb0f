using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Prometheus.Translation;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The thin slice through real HTTP: a scraper silo scrapes a Kestrel exporter, a gateway silo
/// turns its counters into deltas, and OTLP protobuf arrives at a sink.
/// </summary>
public sealed class ScrapeToOtlpTests
{
    private static string Config(string target, Uri sink, string extraJobs = "") => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: synthetic
                  scrape_interval: 1s
                  static_configs:
                    - targets: ['{{target}}']
                      labels:
                        team: e2e
        {{extraJobs}}
        processors:
          cumulativetodelta: {}
          batch:
            timeout: 200ms
        exporters:
          otlphttp:
            endpoint: {{sink}}
            headers:
              Authorization: Api-Token test-token
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp]
        """;

    private static IEnumerable<(ResourceMetrics Resource, Metric Metric)> Metrics(OtlpSink sink) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics)
            .SelectMany(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics.Select(m => (rm, m))));

    private static string Attribute(Google.Protobuf.Collections.RepeatedField<OrleansScrape.Otlp.Proto.Common.V1.KeyValue> attributes, string key) =>
        attributes.SingleOrDefault(a => a.Key == key)?.Value.StringValue ?? "";

    private static List<NumberDataPoint> Points(OtlpSink sink, string metric, string job, string? path = null) =>
        Metrics(sink)
            .Where(x => x.Metric.Name == metric && Attribute(x.Resource.Resource.Attributes, "service.name") == job)
            .SelectMany(x => x.Metric.DataCase == Metric.DataOneofCase.Sum ? x.Metric.Sum.DataPoints : x.Metric.Gauge.DataPoints)
            .Where(p => path is null || Attribute(p.Attributes, "path") == path)
            .OrderBy(p => p.TimeUnixNano)
            .ToList();

    [Fact]
    public async Task CountersBecomeDeltasOnTheGateway_AndOtlpProtobufLeavesOverHttp()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Address, sink.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => Points(sink, "requests_total", "synthetic", "/b").Count >= 4, TimeSpan.FromSeconds(60),
            "four deltas of requests_total{path=\"/b\"} at the sink");

        var sums = Metrics(sink).Where(x => x.Metric.Name == "requests_total").Select(x => x.Metric).ToList();
        Assert.All(sums, m =>
        {
            Assert.Equal(Metric.DataOneofCase.Sum, m.DataCase);
            Assert.Equal(AggregationTemporality.Delta, m.Sum.AggregationTemporality);
            Assert.True(m.Sum.IsMonotonic);
        });

        foreach (var (path, increase) in new[] { ("/a", SyntheticExporter.IncreaseA), ("/b", SyntheticExporter.IncreaseB) })
        {
            var deltas = Points(sink, "requests_total", "synthetic", path);
            Assert.All(deltas, p => Assert.Equal(increase, p.AsDouble));
            // Each delta covers the span since the previous scrape, with no gap and no overlap.
            for (var i = 1; i < deltas.Count; i++)
            {
                Assert.Equal(deltas[i - 1].TimeUnixNano, deltas[i].StartTimeUnixNano);
            }
            Assert.All(deltas, p => Assert.Equal("e2e", Attribute(p.Attributes, "team")));
        }

        var resource = Metrics(sink).First(x => x.Metric.Name == "requests_total").Resource.Resource;
        Assert.Equal("synthetic", Attribute(resource.Attributes, "service.name"));
        Assert.Equal(exporter.Address, Attribute(resource.Attributes, "service.instance.id"));
        Assert.Equal("http", Attribute(resource.Attributes, "url.scheme"));

        var temperature = Points(sink, "temperature_celsius", "synthetic");
        Assert.NotEmpty(temperature);
        Assert.All(temperature, p => Assert.Equal(21.5, p.AsDouble));
        Assert.All(Points(sink, "up", "synthetic"), p => Assert.Equal(1.0, p.AsDouble));
        Assert.All(sink.ContentTypes, c => Assert.Equal("application/x-protobuf", c));

        // The deltas were computed and exported on the gateway silo, not on the scraper.
        var gateway = cluster.Roles.Single(r => r.Value == SiloRole.Gateway).Key;
        var scraper = cluster.Roles.Single(r => r.Value == SiloRole.Scraper).Key;
        Assert.True(cluster.SiloService<OrleansScrape.Hosting.Runtime.PipelineRuntime>(gateway).SentPoints > 0);
        Assert.Equal(0, cluster.SiloService<OrleansScrape.Hosting.Runtime.PipelineRuntime>(scraper).SentPoints);
        var resourceKey = OrleansScrape.Otlp.Model.ResourceKey.Compute(PrometheusToOtlpTranslator.ResourceAttributes("synthetic", exporter.Address, "http"));
        var series = await cluster.Client.GetGrain<ISeriesGrain>(resourceKey).GetStatus();
        Assert.Equal(gateway, series.Silo);
        Assert.True(series.Series >= 2);
        var registry = cluster.SiloService<OrleansScrape.Grains.Series.SeriesStateRegistry>(gateway);
        Assert.Equal(1, registry.Grains);
        Assert.Equal(series.Series, registry.Series);
        Assert.Equal(0, cluster.SiloService<OrleansScrape.Grains.Series.SeriesStateRegistry>(scraper).Grains);
    }

    [Fact]
    public async Task FailedScrape_RecordsTheErrorAndUpZero_WhileOtherTargetsGoOn()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var broken = await LoopbackServer.StartAsync(routes => routes.MapGet("/metrics", () => Results.StatusCode(500)));
        await using var sink = await OtlpSink.StartAsync();
        var brokenJob = $$"""
                        - job_name: broken
                          scrape_interval: 1s
                          static_configs:
                            - targets: ['{{broken.Authority}}']
                """;
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Address, sink.Endpoint, brokenJob), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => Points(sink, "up", "broken").Count >= 2 && Points(sink, "requests_total", "synthetic", "/a").Count >= 2,
            TimeSpan.FromSeconds(60), "up of the broken target and deltas of the healthy one");

        Assert.All(Points(sink, "up", "broken"), p => Assert.Equal(0.0, p.AsDouble));
        Assert.Empty(Points(sink, "requests_total", "broken"));
        Assert.All(Points(sink, "requests_total", "synthetic", "/a"), p => Assert.Equal(SyntheticExporter.IncreaseA, p.AsDouble));

        var discovery = await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
        var brokenKey = Assert.Single(discovery.TargetKeys, k => k.StartsWith("broken|", StringComparison.Ordinal));
        var status = await cluster.Client.GetGrain<ITargetGrain>(brokenKey).GetStatus();
        Assert.Equal(TargetHealth.Down, status.Health);
        Assert.Equal("server returned HTTP status 500 Internal Server Error", status.LastError);
    }
}
