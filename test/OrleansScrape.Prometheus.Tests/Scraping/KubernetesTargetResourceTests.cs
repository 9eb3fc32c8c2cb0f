using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Prometheus.Tests.Scraping;

/// <summary>A target found by Kubernetes SD: its scrapes and its retirement share one resource with the pod's attributes.</summary>
public sealed class KubernetesTargetResourceTests : IAsyncLifetime
{
    private readonly ScrapeHttpClients _clients = new();
    private Exporter _exporter = null!;

    public async Task InitializeAsync() => _exporter = await Exporter.StartAsync();

    public async Task DisposeAsync()
    {
        await _exporter.DisposeAsync();
        _clients.Dispose();
    }

    private ScrapeTarget PodTarget() => new()
    {
        Job = "app",
        Instance = _exporter.Address,
        Scheme = "http",
        Address = _exporter.Address,
        MetricsPath = "/metrics",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = TimeSpan.FromSeconds(10),
        Labels = new Dictionary<string, string>(),
        Params = new Dictionary<string, string[]>(),
        ScrapeConfigName = "app",
        DiscoveredLabels = new Dictionary<string, string>
        {
            ["__meta_kubernetes_pod_name"] = "web-1",
            ["__meta_kubernetes_namespace"] = "shop",
            ["__meta_kubernetes_pod_node_name"] = "node-a",
        },
    };

    [Fact]
    public async Task Scrapes_and_staleness_markers_of_a_pod_target_carry_its_kubernetes_resource_attributes()
    {
        var job = new ScrapeConfig { JobName = "app", ScrapeInterval = TimeSpan.FromSeconds(15), ScrapeTimeout = TimeSpan.FromSeconds(10) };
        var scraper = new TargetScraper(_clients.For(job), job, new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        _exporter.Answer("# TYPE a gauge\na 1\n");

        var scraped = (await scraper.ScrapeAsync(PodTarget(), CancellationToken.None)).Batch;
        var retired = scraper.Retire(PodTarget());

        Assert.Equal("web-1", scraped.FindResourceAttribute("k8s.pod.name"));
        Assert.Equal("shop", scraped.FindResourceAttribute("k8s.namespace.name"));
        Assert.Equal("node-a", scraped.FindResourceAttribute("k8s.node.name"));
        Assert.Equal(scraped.ResourceAttributes, retired.ResourceAttributes);
    }
}
