using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>Targets found by file_sd and chosen by relabel_configs, scraped by the cluster.</summary>
public sealed class DiscoveryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-scrape-sd-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Config(string sdFile, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: discovered
                  scrape_interval: 1s
                  file_sd_configs:
                    - files: ['{{sdFile}}']
                  relabel_configs:
                    - source_labels: [scrape]
                      regex: "yes"
                      action: keep
                    - regex: scrape
                      action: labeldrop
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [otlphttp]
        """;

    private static string Groups(params (string Address, string Scrape)[] targets) =>
        "[" + string.Join(",", targets.Select(t => $$$"""{"targets":["{{{t.Address}}}"],"labels":{"scrape":"{{{t.Scrape}}}","team":"sd"}}""")) + "]";

    private static IEnumerable<(string Instance, Metric Metric)> Metrics(OtlpSink sink) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics.Select(m =>
            (rm.Resource.Attributes.Single(a => a.Key == "service.instance.id").Value.StringValue, m))));

    [Fact]
    public async Task FileSdTargets_AreRelabeled_AndAFileChangeIsFollowed()
    {
        await using var kept = await SyntheticExporter.StartAsync();
        await using var dropped = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        var sdFile = Path.Combine(_directory, "targets.json");
        await File.WriteAllTextAsync(sdFile, Groups((kept.Address, "yes"), (dropped.Address, "no")));
        await using var cluster = await RoleCluster.StartAsync(Config(sdFile, sink.Endpoint), SiloRole.All);

        await Eventually.WaitAsync(() => Metrics(sink).Any(m => m.Instance == kept.Address && m.Metric.Name == "requests_total"),
            TimeSpan.FromSeconds(60), "metrics of the kept target");
        var status = await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
        Assert.Equal(1, status.Targets);
        Assert.Equal(1, status.DroppedTargets);
        Assert.Equal(0, dropped.Scrapes);
        var point = Metrics(sink).First(m => m.Metric.Name == "requests_total").Metric.Sum.DataPoints[0];
        Assert.Contains(point.Attributes, a => a.Key == "team" && a.Value.StringValue == "sd");
        Assert.DoesNotContain(point.Attributes, a => a.Key == "scrape");

        await File.WriteAllTextAsync(sdFile, Groups((kept.Address, "yes"), (dropped.Address, "yes")));

        await Eventually.WaitAsync(() => Metrics(sink).Any(m => m.Instance == dropped.Address && m.Metric.Name == "requests_total"),
            TimeSpan.FromSeconds(60), "metrics of the target the file change added");
    }

    [Fact]
    public async Task MalformedExposition_MarksTheTargetDownWithTheLine()
    {
        await using var malformed = await LoopbackServer.StartAsync(routes =>
            routes.MapGet("/metrics", () => Results.Text("ok 1\nbroken{label=\"x\" 2\n", "text/plain; version=0.0.4")));
        await using var sink = await OtlpSink.StartAsync();
        var sdFile = Path.Combine(_directory, "malformed.json");
        await File.WriteAllTextAsync(sdFile, Groups((malformed.Authority, "yes")));
        await using var cluster = await RoleCluster.StartAsync(Config(sdFile, sink.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => Metrics(sink).Any(m => m.Metric.Name == "up"), TimeSpan.FromSeconds(60), "the up series");

        Assert.All(Metrics(sink).Where(m => m.Metric.Name == "up"), m => Assert.Equal(0.0, m.Metric.Gauge.DataPoints[0].AsDouble));
        Assert.DoesNotContain(Metrics(sink), m => m.Metric.Name == "ok");
        var key = Assert.Single((await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus()).TargetKeys);
        var target = await cluster.Client.GetGrain<ITargetGrain>(key).GetStatus();
        Assert.Equal(TargetHealth.Down, target.Health);
        Assert.Contains("line 2", target.LastError);
    }
}
