using OrleansScrape.Configuration;
using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Operator;
using OrleansScrape.Kubernetes.Operator.Secrets;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.Operator.DiscoveredLabels;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class PrometheusCrDiscoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Rebuild at once on every watch event, so that tests observing changes need not wait out the coalescing window.
    private static readonly PrometheusCrDiscoveryOptions Immediate = new() { MinRebuildInterval = TimeSpan.Zero };

    private const string SeedSettings = SeedResources.PrometheusCrValues;

    private static PrometheusCrSettings Settings(string yaml = SeedSettings) =>
        PrometheusCrSettingsReader.Read(YamlDocument.Load(yaml, "values.yaml").GetMapping("prometheus_cr")!);

    private static JsonObject Namespace(string name, IDictionary<string, string>? labels = null) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = KubernetesObjects.Metadata(null, name, labels) };

    private static async Task<FakeKubernetesApiServer> SeedClusterAsync()
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(KubernetesObjects.Namespaces, Namespace("shop", new Dictionary<string, string> { ["team"] = "shop" }));
        server.Add(KubernetesObjects.Namespaces, Namespace("monitoring"));
        server.Add(KubernetesObjects.Namespaces, Namespace("other"));
        server.Add(SeedResources.ServiceMonitors, SeedResources.ServiceMonitor());
        server.Add(SeedResources.PodMonitors, SeedResources.PodMonitor());
        server.Add(SeedResources.ScrapeConfigs, SeedResources.AnnotationScrapeConfig());
        // Not labelled for the allocator: never selected.
        var unlabelled = SeedResources.ServiceMonitor();
        unlabelled["metadata"] = KubernetesObjects.Metadata("shop", "unlabelled");
        server.Add(SeedResources.ServiceMonitors, unlabelled);
        return server;
    }

    /// <summary>Runs each job over the label sets its kubernetes_sd config would discover (its role and namespaces).</summary>
    private static List<ScrapeTarget> TargetsOf(IReadOnlyList<ScrapeConfig> jobs, IReadOnlyList<Dictionary<string, string>> slices, IReadOnlyList<Dictionary<string, string>> pods)
    {
        var targets = new List<ScrapeTarget>();
        foreach (var job in jobs)
        {
            var sd = Assert.Single(job.SdConfigs<KubernetesSdConfig>());
            var discovered = (sd.Role == KubernetesSdRole.EndpointSlice ? slices : pods)
                .Where(l => sd.Namespaces.Count == 0 || sd.Namespaces.Contains(l["__meta_kubernetes_namespace"]))
                .ToArray();
            targets.AddRange(Targets(job, discovered).Values);
        }
        return targets;
    }

    [Fact]
    public async Task Seed_resources_selected_by_the_seed_settings_give_exactly_the_expected_targets()
    {
        await using var server = await SeedClusterAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings());

        await discovery.StartAsync(CancellationToken.None);

        Assert.Empty(discovery.Errors);
        Assert.True(discovery.Synced);
        Assert.Equal(
            ["serviceMonitor/shop/my-service/0", "podMonitor/shop/my-pods/0", "scrapeConfig/monitoring/dynatrace-annotations"],
            discovery.Current.Select(j => j.JobName));

        var web = new PodSpec("shop", "my-service-0", "10.1.0.5", new Dictionary<string, string> { ["app"] = "my-service" });
        var legacy = new PodSpec("shop", "legacy-0", "10.1.0.6", new Dictionary<string, string> { ["app"] = "legacy" });
        var app = new PodSpec("shop", "my-app-1", "10.1.0.7", new Dictionary<string, string> { ["app"] = "my-app" });
        var appElsewhere = new PodSpec("other", "my-app-2", "10.3.0.1", new Dictionary<string, string> { ["app"] = "my-app" });
        var annotated = new PodSpec("other", "exporter-0", "10.3.0.2", new Dictionary<string, string> { ["app"] = "exporter" }, Annotations: new Dictionary<string, string>
        {
            ["metrics.dynatrace.com/scrape"] = "true",
            ["metrics.dynatrace.com/port"] = "9400",
            ["metrics.dynatrace.com/path"] = "/stats",
            ["metrics.dynatrace.com/secure"] = "true",
        });
        var slices = new[]
        {
            EndpointSliceTarget("my-service", new Dictionary<string, string> { ["app"] = "my-service" }, web, "metrics", 8080),
            EndpointSliceTarget("my-service", new Dictionary<string, string> { ["app"] = "my-service" }, web, "http", 80),
            EndpointSliceTarget("legacy", new Dictionary<string, string> { ["app"] = "legacy" }, legacy, "metrics", 8080),
        };
        var pods = new[]
        {
            PodTarget(web, "metrics", 8080), PodTarget(legacy, "metrics", 8080), PodTarget(app, "metrics", 9100), PodTarget(app, "http", 8080),
            PodTarget(appElsewhere, "metrics", 9100), PodTarget(annotated, "metrics", 9100),
        };

        var targets = TargetsOf(discovery.Current, slices, pods).OrderBy(t => t.Job, StringComparer.Ordinal).ToList();

        Assert.Collection(targets,
            t =>
            {
                Assert.Equal(("dynatrace-annotations", "https://10.3.0.2:9400/stats"), (t.Job, t.ScrapeUrl.ToString()));
                Assert.Empty(t.Labels);
            },
            t =>
            {
                Assert.Equal(("my-service", "http://10.1.0.5:8080/metrics"), (t.Job, t.ScrapeUrl.ToString()));
                Assert.Equal(new Dictionary<string, string> { ["namespace"] = "shop", ["service"] = "my-service", ["pod"] = "my-service-0", ["container"] = "app", ["endpoint"] = "metrics" }, t.Labels);
            },
            t =>
            {
                Assert.Equal(("shop/my-pods", "http://10.1.0.7:9100/metrics"), (t.Job, t.ScrapeUrl.ToString()));
                Assert.Equal(new Dictionary<string, string> { ["namespace"] = "shop", ["container"] = "app", ["pod"] = "my-app-1", ["endpoint"] = "metrics" }, t.Labels);
            });
        Assert.All(targets, t => Assert.Equal(TimeSpan.FromSeconds(60), t.ScrapeInterval));
    }

    [Fact]
    public async Task An_invalid_resource_is_reported_with_its_name_and_reason_and_the_others_are_unaffected()
    {
        await using var server = await SeedClusterAsync();
        var broken = SeedResources.ServiceMonitor();
        broken["metadata"] = KubernetesObjects.Metadata("shop", "broken", new Dictionary<string, string> { ["prometheus.dynatrace.com"] = "true" });
        broken.Endpoint()["interval"] = "often";
        server.Add(SeedResources.ServiceMonitors, broken);
        var noSecret = SeedResources.PodMonitor();
        noSecret["metadata"] = KubernetesObjects.Metadata("shop", "no-secret", new Dictionary<string, string> { ["prometheus.dynatrace.com"] = "true" });
        noSecret.Endpoint()["bearerTokenSecret"] = JsonNode.Parse("""{ "name": "absent", "key": "token" }""");
        server.Add(SeedResources.PodMonitors, noSecret);
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings());

        await discovery.StartAsync(CancellationToken.None);

        Assert.Equal(3, discovery.Current.Count);
        Assert.Equal(
            [
                "ServiceMonitor shop/broken: spec.endpoints[0].interval: \"often\" is not a duration (examples: 30s, 1m30s)",
                "PodMonitor shop/no-secret: podMetricsEndpoints[0]: bearerTokenSecret: secret shop/absent not found",
            ],
            discovery.Errors);
    }

    [Fact]
    public async Task Watch_failures_are_reported_and_cleared_when_the_watches_recover()
    {
        await using var server = await SeedClusterAsync();
        server.FailRequests(3, 503);
        using var client = new KubernetesApiClient(server.BaseAddress);
        var options = Immediate with { WatcherOptions = new ResourceWatcherOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) } };
        using var discovery = new PrometheusCrDiscovery(client, Settings(), options: options);

        await discovery.StartAsync(CancellationToken.None);

        Assert.Contains(discovery.Errors, e => e.StartsWith("watching /apis/monitoring.coreos.com/", StringComparison.Ordinal) && e.Contains("503", StringComparison.Ordinal));
        await Eventually.WaitAsync(() => discovery.Errors.Count == 0 && discovery.Current.Count == 3, Timeout, "the recovered watches' scrape configs");
        Assert.True(discovery.Synced);
    }

    [Fact]
    public async Task Added_changed_and_deleted_resources_rebuild_the_scrape_configs()
    {
        await using var server = await SeedClusterAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings(), options: Immediate);
        var changes = 0;
        discovery.Changed += () => Interlocked.Increment(ref changes);
        await discovery.StartAsync(CancellationToken.None);

        var second = SeedResources.ServiceMonitor();
        second["metadata"] = KubernetesObjects.Metadata("shop", "second", new Dictionary<string, string> { ["prometheus.dynatrace.com"] = "true" });
        server.Add(SeedResources.ServiceMonitors, second);
        await Eventually.WaitAsync(() => discovery.Current.Any(j => j.JobName == "serviceMonitor/shop/second/0"), Timeout, "the added ServiceMonitor's job");

        var slower = SeedResources.PodMonitor();
        slower.Endpoint()["interval"] = "2m";
        server.Update(SeedResources.PodMonitors, slower);
        await Eventually.WaitAsync(() => discovery.Current.Any(j => j.JobName == "podMonitor/shop/my-pods/0" && j.ScrapeInterval == TimeSpan.FromMinutes(2)), Timeout, "the changed interval");

        server.Delete(SeedResources.ScrapeConfigs, "monitoring", "dynatrace-annotations");
        await Eventually.WaitAsync(() => discovery.Current.All(j => !j.JobName.StartsWith("scrapeConfig/", StringComparison.Ordinal)), Timeout, "the deleted ScrapeConfig gone");
        Assert.True(Volatile.Read(ref changes) >= 3);
    }

    [Fact]
    public async Task Namespace_selectors_follow_the_labels_of_namespaces()
    {
        await using var server = await SeedClusterAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings(SeedSettings + """

              service_monitor_namespace_selector:
                matchLabels:
                  monitored: "yes"
            """), options: Immediate);
        await discovery.StartAsync(CancellationToken.None);
        Assert.DoesNotContain(discovery.Current, j => j.JobName.StartsWith("serviceMonitor/", StringComparison.Ordinal));

        server.Update(KubernetesObjects.Namespaces, Namespace("shop", new Dictionary<string, string> { ["monitored"] = "yes" }));

        await Eventually.WaitAsync(() => discovery.Current.Any(j => j.JobName == "serviceMonitor/shop/my-service/0"), Timeout, "the ServiceMonitor of the newly selected namespace");
        Assert.Contains(discovery.Current, j => j.JobName == "podMonitor/shop/my-pods/0");
    }

    [Fact]
    public async Task Allow_namespaces_lists_only_those_namespaces()
    {
        await using var server = await SeedClusterAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings(SeedSettings + "\n  allow_namespaces: [monitoring]"));

        await discovery.StartAsync(CancellationToken.None);

        Assert.Equal(["scrapeConfig/monitoring/dynatrace-annotations"], discovery.Current.Select(j => j.JobName));
        Assert.Contains(server.Requests, r => r.StartsWith("GET /apis/monitoring.coreos.com/v1/namespaces/monitoring/servicemonitors", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("GET /apis/monitoring.coreos.com/v1/servicemonitors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kind_without_a_resource_selector_is_not_watched()
    {
        await using var server = await SeedClusterAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings("""
            prometheus_cr:
              enabled: true
              pod_monitor_selector: {}
            """));

        await discovery.StartAsync(CancellationToken.None);

        Assert.Equal(["podMonitor/shop/my-pods/0"], discovery.Current.Select(j => j.JobName));
        Assert.DoesNotContain(server.Requests, r => r.Contains("servicemonitors", StringComparison.Ordinal) || r.Contains("scrapeconfigs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_secret_is_picked_up_by_the_periodic_refresh()
    {
        await using var server = await SeedClusterAsync();
        server.Add(SeedResources.Secrets, SeedResources.Secret("shop", "scrape-token", new Dictionary<string, string> { ["token"] = "first" }));
        var monitor = SeedResources.ServiceMonitor();
        monitor.Endpoint()["authorization"] = JsonNode.Parse("""{ "credentials": { "name": "scrape-token", "key": "token" } }""");
        server.Update(SeedResources.ServiceMonitors, monitor);
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings(), options: new PrometheusCrDiscoveryOptions { SecretRefreshInterval = TimeSpan.FromMilliseconds(100) });
        await discovery.StartAsync(CancellationToken.None);
        string? Token() => discovery.Current.Single(j => j.JobName == "serviceMonitor/shop/my-service/0").HttpClient.Authorization?.Credentials;
        Assert.Equal("first", Token());

        server.Update(SeedResources.Secrets, SeedResources.Secret("shop", "scrape-token", new Dictionary<string, string> { ["token"] = "rotated" }));

        await Eventually.WaitAsync(() => Token() == "rotated", Timeout, "the rotated token");
    }

    [Fact]
    public async Task A_deleted_secret_leaves_its_monitor_out_at_the_next_refresh()
    {
        await using var server = await SeedClusterAsync();
        var monitor = SeedResources.PodMonitor();
        monitor.Endpoint()["bearerTokenSecret"] = JsonNode.Parse("""{ "name": "scrape-token", "key": "token" }""");
        server.Update(SeedResources.PodMonitors, monitor);
        var secrets = new InMemorySecretReader().SetSecret("shop", "scrape-token", new Dictionary<string, string> { ["token"] = "t" });
        using var client = new KubernetesApiClient(server.BaseAddress);
        using var discovery = new PrometheusCrDiscovery(client, Settings(), secrets, new PrometheusCrDiscoveryOptions { SecretRefreshInterval = TimeSpan.FromMilliseconds(100) });
        await discovery.StartAsync(CancellationToken.None);
        Assert.Contains(discovery.Current, j => j.JobName == "podMonitor/shop/my-pods/0");

        secrets.RemoveSecret("shop", "scrape-token");

        await Eventually.WaitAsync(() => discovery.Current.All(j => j.JobName != "podMonitor/shop/my-pods/0"), Timeout, "the PodMonitor left out");
        Assert.Equal(["PodMonitor shop/my-pods: podMetricsEndpoints[0]: bearerTokenSecret: secret shop/scrape-token not found"], discovery.Errors);
        Assert.Equal(2, discovery.Current.Count);
    }

    [Fact]
    public async Task Kubernetes_secret_reader_decodes_secret_data_and_reads_configmaps()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(SeedResources.Secrets, SeedResources.Secret("shop", "creds", new Dictionary<string, string> { ["password"] = "p@ss wörd" }));
        server.Add("/api/v1/configmaps", new JsonObject
        {
            ["metadata"] = KubernetesObjects.Metadata("shop", "ca"),
            ["data"] = new JsonObject { ["ca.crt"] = "PEM" },
            ["binaryData"] = new JsonObject { ["raw"] = Convert.ToBase64String("bytes"u8.ToArray()) },
        });
        using var client = new KubernetesApiClient(server.BaseAddress);
        var reader = new KubernetesSecretReader(client);

        var secret = await reader.ReadSecretAsync("shop", "creds", CancellationToken.None);
        var configMap = await reader.ReadConfigMapAsync("shop", "ca", CancellationToken.None);
        var missing = await reader.ReadSecretAsync("shop", "absent", CancellationToken.None);

        Assert.Equal("p@ss wörd", secret!["password"]);
        Assert.Equal(("PEM", "bytes"), (configMap!["ca.crt"], configMap["raw"]));
        Assert.Null(missing);
    }
}
