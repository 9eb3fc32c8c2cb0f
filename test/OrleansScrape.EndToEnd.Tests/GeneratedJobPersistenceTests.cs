using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Kubernetes.Tests.Operator;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Targets of a job generated from a custom resource survive a restart of the cluster while the
/// API server is unreachable: the discovery checkpoint keeps the generated scrape config with them.
/// </summary>
public sealed class GeneratedJobPersistenceTests
{
    private static string Config(Uri apiServer, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs: []
        exporters:
          otlphttp:
            endpoint: {{sink}}
        discovery:
          api_server: {{apiServer}}
          prometheus_cr:
            enabled: true
            scrape_config_selector:
              matchLabels:
                prometheus.dynatrace.com: "true"
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [otlphttp]
        """;

    [Fact]
    public async Task A_restarted_cluster_scrapes_generated_targets_while_the_api_server_is_down()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var server = await FakeKubernetesApiServer.StartAsync();
        var resource = SeedResources.AnnotationScrapeConfig();
        resource["spec"]!["scrapeInterval"] = "1s";
        server.Add(SeedResources.ScrapeConfigs, resource);
        var pod = Pod("shop", "exporter-0", "127.0.0.1", new Dictionary<string, string> { ["app"] = "exporter" });
        pod["metadata"] = Metadata("shop", "exporter-0", new Dictionary<string, string> { ["app"] = "exporter" }, new Dictionary<string, string>
        {
            ["metrics.dynatrace.com/scrape"] = "true",
            ["metrics.dynatrace.com/port"] = new Uri("http://" + exporter.Address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        server.Add(Pods, pod);
        var config = Config(server.BaseAddress, sink.Endpoint);
        void Storage(ISiloBuilder silo) =>
            silo.AddAzureBlobGrainStorage(DiscoveryStorage.ProviderName, o => o.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString));

        await using (var first = await RoleCluster.StartAsync(config, Storage, SiloRole.All))
        {
            await Eventually.WaitAsync(() => exporter.Scrapes >= 2, TimeSpan.FromSeconds(30), "the first cluster scraping the annotated pod");
        }
        server.FailRequests(int.MaxValue, 503);
        var before = exporter.Scrapes;

        await using var second = await RoleCluster.StartAsync(config, Storage, SiloRole.All);

        await Eventually.WaitAsync(() => exporter.Scrapes >= before + 5, TimeSpan.FromSeconds(30), "the saved generated target scraped while the API server fails");
        var status = await second.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
        Assert.Equal(1, status.Targets);
        Assert.Contains("503", status.LastError);
    }
}
