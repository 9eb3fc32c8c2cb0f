using OrleansScrape.Configuration;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Tests;

/// <summary>Discovery runs, shards and shows each service discovery entry through its kind, including kinds it has never heard of.</summary>
public sealed class ServiceDiscoveryKindTests
{
    private static readonly DiscoveryShardLayout Layout = new([new("shop", ["shop"])]);

    private static ScrapeConfig Job(string discovery, DiscoveryKindRegistry? kinds = null) =>
        Assert.Single(PrometheusConfigReader.Read(
            YamlDocument.Load("scrape_configs:\n  - job_name: j\n" + discovery, "/etc/prometheus/prometheus.yml"), kinds).ScrapeConfigs);

    private static async Task<IReadOnlyList<string>> AddressesAsync(ScrapeConfig job, ShardScope? scope = null)
    {
        using var clients = new ScrapeHttpClients();
        using var pool = new KubernetesWatchPool();
        using var discovery = new JobDiscovery(job, new DiscoverySources(new PrometheusConfig(), clients, pool), MetadataFilter.All, version: "", () => { }, scope);
        await discovery.StartAsync(CancellationToken.None);
        return discovery.Targets().Targets.Select(t => t.Address).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task A_kind_of_a_test_registry_is_read_and_its_discoverer_created_by_job_discovery()
    {
        var job = Job("    example_sd_configs:\n      - namespaces: [shop]\n", DiscoveryKindRegistry.Default.With(new ExampleSdKind(perNamespace: false)));

        Assert.Equal(["cluster.example:80", "shop.example:80"], await AddressesAsync(job));
    }

    [Theory]
    // per namespace, shard, the targets its part of the entry finds
    [InlineData(false, "default", "cluster.example:80,other.example:80,shop.example:80")]
    [InlineData(false, "shop", "")]
    [InlineData(true, "default", "cluster.example:80,other.example:80")]
    [InlineData(true, "shop", "shop.example:80")]
    public async Task The_per_namespace_flag_drives_which_shards_run_an_entry_and_which_groups_they_keep(bool perNamespace, string shard, string expected)
    {
        var job = Job("    example_sd_configs:\n      - namespaces: [shop, other]\n", DiscoveryKindRegistry.Default.With(new ExampleSdKind(perNamespace)));

        Assert.Equal(expected, string.Join(',', await AddressesAsync(job, Layout.ScopeOf(shard))));
    }

    [Fact]
    public void A_per_namespace_kind_restricts_an_entry_to_the_shards_namespaces()
    {
        var kind = new ExampleSdKind(perNamespace: true);
        var entry = kind.Entry(new ExampleSdConfig(["shop", "other"]));

        Assert.Equal(["shop"], ((ExampleSdConfig)Layout.ScopeOf("shop").Restrict(entry)!.Config).Namespaces);
        Assert.Equal(["other"], ((ExampleSdConfig)Layout.ScopeOf("default").Restrict(entry)!.Config).Namespaces);
        Assert.Same(entry, ShardScope.Everything.Restrict(entry));
    }

    [Fact]
    public void An_entry_of_a_kind_that_is_not_per_namespace_belongs_to_the_default_shard_whole()
    {
        var entry = new ExampleSdKind(perNamespace: false).Entry(new ExampleSdConfig(["shop"]));

        Assert.Same(entry, Layout.ScopeOf("default").Restrict(entry));
        Assert.Null(Layout.ScopeOf("shop").Restrict(entry));
    }

    [Fact]
    public void Discovery_lists_are_rendered_under_their_keys_in_the_registrys_order()
    {
        var kinds = DiscoveryKindRegistry.Default.With(new ExampleSdKind(perNamespace: false));
        var job = Job(
            "    example_sd_configs:\n      - namespaces: [a]\n    kubernetes_sd_configs:\n      - role: node\n    file_sd_configs:\n      - files: [t.json]\n",
            kinds);

        var json = ScrapeConfigJson.Render(job, kinds);

        Assert.Equal(["file_sd_configs", "kubernetes_sd_configs", "example_sd_configs"], json.Select(p => p.Key).Where(DiscoveryKindRegistry.IsDiscoveryKey));
        Assert.Equal("""[{"namespaces":["a"]}]""", json["example_sd_configs"]!.ToJsonString());
        Assert.Equal("""[{"files":["/etc/prometheus/t.json"],"refresh_interval":"5m"}]""", json["file_sd_configs"]!.ToJsonString());
    }

    [Fact]
    public void The_kinds_render_their_entries_as_the_target_allocator_shows_them()
    {
        // Kubernetes first in the file, shown after file and http as Prometheus orders the lists; secrets redacted.
        var job = Job("""
                basic_auth: {username: u, password: p}
                kubernetes_sd_configs:
                  - role: pod
                    namespaces: {names: [a, b]}
                    selectors: [{role: pod, label: "app=x", field: "metadata.name=y"}]
                    attach_metadata: {node: true}
                  - role: endpoints
                    api_server: https://k8s.example:6443
                    basic_auth: {username: admin, password: secret}
                    tls_config: {insecure_skip_verify: true, server_name: k8s, min_version: TLS12}
                    proxy_url: http://proxy:3128
                    follow_redirects: false
                file_sd_configs:
                  - files: [targets/*.json, /abs/b.yml]
                    refresh_interval: 1m
                http_sd_configs:
                  - url: https://user:pw@sd.example/targets?x=1
                    refresh_interval: 30s
                    authorization: {credentials: tok}
                static_configs:
                  - targets: ["a:1"]
                    labels: {env: prod}
            """);

        Assert.Equal(
            """{"job_name":"j","honor_labels":false,"honor_timestamps":true,"scrape_interval":"1m","scrape_timeout":"10s","scrape_protocols":["OpenMetricsText1.0.0","OpenMetricsText0.0.1","PrometheusText1.0.0","PrometheusText0.0.4"],"metrics_path":"/metrics","scheme":"http","follow_redirects":true,"enable_http2":true,"basic_auth":{"username":"u","password":"\u003Csecret\u003E"},"tls_config":{"insecure_skip_verify":false},"static_configs":[{"targets":["a:1"],"labels":{"env":"prod"}}],"file_sd_configs":[{"files":["/etc/prometheus/targets/*.json","/abs/b.yml"],"refresh_interval":"1m"}],"http_sd_configs":[{"url":"https://user:xxxxx@sd.example/targets?x=1","refresh_interval":"30s"}],"kubernetes_sd_configs":[{"role":"pod","namespaces":{"own_namespace":false,"names":["a","b"]},"selectors":[{"role":"pod","label":"app=x","field":"metadata.name=y"}],"attach_metadata":{"node":true,"namespace":false},"follow_redirects":true,"enable_http2":true,"tls_config":{"insecure_skip_verify":false}},{"role":"endpoints","api_server":"https://k8s.example:6443","namespaces":{"own_namespace":false,"names":[]},"follow_redirects":false,"enable_http2":true,"basic_auth":{"username":"admin","password":"\u003Csecret\u003E"},"tls_config":{"insecure_skip_verify":true,"server_name":"k8s","min_version":"TLS12"},"proxy_url":"http://proxy:3128/"}]}""",
            ScrapeConfigJson.Render(job).ToJsonString());
    }
}
