using OrleansScrape.Configuration;
using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Kubernetes.Operator;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests.Operator;

/// <summary>
/// The whole path on the fake API server: the seed's resources become scrape configs, their
/// kubernetes_sd_configs are discovered by <see cref="KubernetesSdDiscoverer"/> from Services,
/// EndpointSlices and Pods, and relabeling leaves exactly the expected targets.
/// </summary>
public sealed class SeedClusterDiscoveryTests
{
    private static JsonObject NamedPortPod(string ns, string name, string ip, IDictionary<string, string> labels,
        IDictionary<string, string>? annotations = null, params (string Name, int Port)[] ports)
    {
        var pod = Pod(ns, name, ip, labels);
        pod["metadata"] = Metadata(ns, name, labels, annotations);
        var container = new JsonObject { ["name"] = "app", ["image"] = "example/app:1" };
        container["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = "TCP" }).ToArray());
        pod["spec"]!["containers"] = new JsonArray(container);
        return pod;
    }

    private static JsonObject NamedPortService(string ns, string name, IDictionary<string, string> labels, params (string Name, int Port)[] ports)
    {
        var service = Service(ns, name, labels: labels);
        service["spec"]!["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = "TCP" }).ToArray());
        return service;
    }

    private static JsonObject Slice(string ns, string service, string ip, string pod, params (string Name, int Port)[] ports) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = Metadata(ns, $"{service}-abc", new Dictionary<string, string> { [EndpointSliceInfo.ServiceNameLabel] = service }),
        ["addressType"] = "IPv4",
        ["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = "TCP" }).ToArray()),
        ["endpoints"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(ip),
            ["conditions"] = new JsonObject { ["ready"] = true },
            ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = pod, ["namespace"] = ns },
        }),
    };

    private static async Task<FakeKubernetesApiServer> ClusterAsync()
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        foreach (var ns in new[] { "shop", "monitoring", "other" })
        {
            server.Add(Namespaces, new JsonObject { ["metadata"] = Metadata(null, ns) });
        }
        server.Add(SeedResources.ServiceMonitors, SeedResources.ServiceMonitor());
        server.Add(SeedResources.PodMonitors, SeedResources.PodMonitor());
        server.Add(SeedResources.ScrapeConfigs, SeedResources.AnnotationScrapeConfig());

        var myService = new Dictionary<string, string> { ["app"] = "my-service" };
        var legacy = new Dictionary<string, string> { ["app"] = "legacy" };
        var myApp = new Dictionary<string, string> { ["app"] = "my-app" };
        server.Add(Services, NamedPortService("shop", "my-service", myService, ("metrics", 8080), ("http", 80)));
        server.Add(Services, NamedPortService("shop", "legacy", legacy, ("metrics", 8080)));
        server.Add(EndpointSlices, Slice("shop", "my-service", "10.1.0.5", "my-service-0", ("metrics", 8080), ("http", 80)));
        server.Add(EndpointSlices, Slice("shop", "legacy", "10.1.0.6", "legacy-0", ("metrics", 8080)));
        server.Add(Pods, NamedPortPod("shop", "my-service-0", "10.1.0.5", myService, null, ("metrics", 8080), ("http", 80)));
        server.Add(Pods, NamedPortPod("shop", "legacy-0", "10.1.0.6", legacy, null, ("metrics", 8080)));
        server.Add(Pods, NamedPortPod("shop", "my-app-1", "10.1.0.7", myApp, null, ("metrics", 9100), ("http", 8080)));
        server.Add(Pods, NamedPortPod("other", "my-app-2", "10.3.0.1", myApp, null, ("metrics", 9100)));
        server.Add(Pods, NamedPortPod("other", "exporter-0", "10.3.0.2", new Dictionary<string, string> { ["app"] = "exporter" }, new Dictionary<string, string>
        {
            ["metrics.dynatrace.com/scrape"] = "true",
            ["metrics.dynatrace.com/port"] = "9400",
            ["metrics.dynatrace.com/path"] = "/stats",
            ["metrics.dynatrace.com/secure"] = "true",
        }, ("metrics", 9100)));
        return server;
    }

    [Fact]
    public async Task Seed_resources_discovered_by_kubernetes_sd_give_exactly_the_expected_targets()
    {
        await using var server = await ClusterAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        var settings = PrometheusCrSettingsReader.Read(YamlDocument.Load(SeedResources.PrometheusCrValues, "values.yaml").GetMapping("prometheus_cr")!);
        using var crs = new PrometheusCrDiscovery(client, settings, options: new PrometheusCrDiscoveryOptions { KubernetesSdApiServer = server.BaseAddress.AbsoluteUri });
        await crs.StartAsync(CancellationToken.None);
        Assert.Empty(crs.Errors);
        using var pool = new KubernetesWatchPool();

        var targets = new List<ScrapeTarget>();
        foreach (var job in crs.Current)
        {
            using var discoverer = new KubernetesSdDiscoverer(Assert.Single(job.SdConfigs<KubernetesSdConfig>()), pool);
            await discoverer.StartAsync(CancellationToken.None);
            Assert.Null(discoverer.LastError);
            var set = new TargetBuilder(job).Build(discoverer.Current);
            Assert.Empty(set.Errors);
            targets.AddRange(set.Targets);
        }

        Assert.Equal(
            [
                ("dynatrace-annotations", "https://10.3.0.2:9400/stats", ""),
                ("my-service", "http://10.1.0.5:8080/metrics", "container=app,endpoint=metrics,namespace=shop,pod=my-service-0,service=my-service"),
                ("shop/my-pods", "http://10.1.0.7:9100/metrics", "container=app,endpoint=metrics,namespace=shop,pod=my-app-1"),
            ],
            targets.Select(t => (t.Job, t.ScrapeUrl.ToString(), string.Join(",", t.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))))
                .OrderBy(t => t.Job, StringComparer.Ordinal));
        Assert.All(targets, t => Assert.Equal(TimeSpan.FromSeconds(60), t.ScrapeInterval));
    }
}
