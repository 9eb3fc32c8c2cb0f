using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The discovery grain saves its target set to the <c>discovery-state</c> storage (Azurite here),
/// so a new activation scrapes the previous targets at once, even while its sources cannot be read.
/// </summary>
public sealed class DiscoveryPersistenceTests
{
    private const int TargetCount = 3;

    private static string Config(Uri httpSd, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: persisted
                  scrape_interval: 1s
                  http_sd_configs:
                    - url: {{httpSd}}
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [otlphttp]
        """;

    [Fact]
    public async Task A_new_discovery_activation_scrapes_the_saved_targets_before_its_sources_relist()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var farm = await CountingExporterFarm.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        var sdAvailable = true;
        var groups = "[" + string.Join(",", Enumerable.Range(0, TargetCount).Select(i =>
            $$$"""{"targets":["{{{farm.Address}}}"],"labels":{"__metrics_path__":"{{{CountingExporterFarm.MetricsPath(i)}}}"}}""")) + "]";
        await using var sd = await LoopbackServer.StartAsync(routes => routes.MapGet("/sd", () =>
            Volatile.Read(ref sdAvailable) ? Results.Text(groups, "application/json") : Results.StatusCode(503)));
        var config = Config(new Uri(sd.BaseAddress, "/sd"), sink.Endpoint);
        void Storage(ISiloBuilder silo) =>
            silo.AddAzureBlobGrainStorage(DiscoveryStorage.ProviderName, o => o.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString));

        await using (var first = await RoleCluster.StartAsync(config, Storage, SiloRole.All))
        {
            await Eventually.WaitAsync(() => Enumerable.Range(0, TargetCount).All(i => farm.Scrapes(i).Count >= 2), TimeSpan.FromSeconds(30), "the first cluster scraping");
        }
        Volatile.Write(ref sdAvailable, false);
        var restarted = DateTimeOffset.UtcNow;

        await using var second = await RoleCluster.StartAsync(config, Storage, SiloRole.All);

        await Eventually.WaitAsync(() => Enumerable.Range(0, TargetCount).All(i => farm.Scrapes(i).Count(t => t > restarted) >= 3),
            TimeSpan.FromSeconds(30), "the saved targets scraped while http_sd fails");
        var status = await second.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
        Assert.Equal(TargetCount, status.Targets);
        Assert.Contains("503", status.LastError);
    }
}
