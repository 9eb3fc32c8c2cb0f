using System.Text.Json.Nodes;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Kubernetes.Tests.Operator;
using OrleansScrape.Otlp.Proto.Common.V1;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The whole product against an API server: the seed's ServiceMonitor and annotation-based
/// ScrapeConfig select pods, a scraper silo scrapes them, a gateway silo enriches the resources with
/// k8sattributes from its pod watch and exports deltas.
/// </summary>
public sealed class KubernetesClusterTests
{
    private static JsonObject ReplicaSetPod(string ns, string name, string deployment, IDictionary<string, string> labels,
        IDictionary<string, string>? annotations = null, (string Name, int Port)? port = null)
    {
        var pod = Pod(ns, name, "127.0.0.1", labels);
        var metadata = Metadata(ns, name, labels, annotations);
        metadata["uid"] = $"uid-{name}";
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{deployment}-5d8f7c9b6", ["uid"] = $"rs-{deployment}", ["controller"] = true,
        });
        pod["metadata"] = metadata;
        if (port is { } p)
        {
            pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = "TCP" });
        }
        return pod;
    }

    private static async Task<FakeKubernetesApiServer> SeedClusterAsync(int annotatedPort, int servicePort)
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        foreach (var ns in new[] { "shop", "monitoring" })
        {
            server.Add(Namespaces, new JsonObject { ["metadata"] = Metadata(null, ns) });
        }
        // The seed's resources, with a short interval so the test sees several scrapes.
        var monitor = SeedResources.ServiceMonitor();
        monitor["spec"]!["endpoints"]![0]!["interval"] = "1s";
        server.Add(SeedResources.ServiceMonitors, monitor);
        var annotations = SeedResources.AnnotationScrapeConfig();
        annotations["spec"]!["scrapeInterval"] = "1s";
        server.Add(SeedResources.ScrapeConfigs, annotations);

        var service = new Dictionary<string, string> { ["app"] = "my-service" };
        server.Add(Pods, ReplicaSetPod("shop", "my-service-0", "my-service", service, port: ("metrics", servicePort)));
        var serviceObject = Service("shop", "my-service", labels: service);
        serviceObject["spec"]!["ports"] = new JsonArray(new JsonObject { ["name"] = "metrics", ["port"] = servicePort, ["protocol"] = "TCP" });
        server.Add(Services, serviceObject);
        server.Add(EndpointSlices, new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = Metadata("shop", "my-service-abc", new Dictionary<string, string> { ["kubernetes.io/service-name"] = "my-service" }),
            ["addressType"] = "IPv4",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "metrics", ["port"] = servicePort, ["protocol"] = "TCP" }),
            ["endpoints"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray("127.0.0.1"),
                ["conditions"] = new JsonObject { ["ready"] = true },
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = "my-service-0", ["namespace"] = "shop" },
            }),
        });

        server.Add(Pods, ReplicaSetPod("shop", "exporter-0", "exporter", new Dictionary<string, string> { ["app"] = "exporter" }, new Dictionary<string, string>
        {
            ["metrics.dynatrace.com/scrape"] = "true",
            ["metrics.dynatrace.com/port"] = annotatedPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["metrics.dynatrace.com/path"] = "/metrics",
        }));
        // Not annotated: never scraped.
        server.Add(Pods, ReplicaSetPod("shop", "quiet-0", "quiet", new Dictionary<string, string> { ["app"] = "quiet" }));
        return server;
    }

    private static string Config(Uri apiServer, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs: []
        processors:
          k8sattributes:
            extract:
              metadata: [k8s.pod.name, k8s.namespace.name, k8s.deployment.name, k8s.node.name]
          cumulativetodelta: {}
        exporters:
          otlphttp:
            endpoint: {{sink}}
        discovery:
          api_server: {{apiServer}}
          prometheus_cr:
            enabled: true
            service_monitor_selector:
              matchLabels:
                prometheus.dynatrace.com: "true"
            scrape_config_selector:
              matchLabels:
                prometheus.dynatrace.com: "true"
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [k8sattributes, cumulativetodelta]
              exporters: [otlphttp]
        """;

    private static string? Attribute(IEnumerable<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(a => a.Key == key)?.Value.StringValue;

    [Fact]
    public async Task Seed_resources_are_scraped_on_a_scraper_and_enriched_on_a_gateway()
    {
        await using var annotated = await SyntheticExporter.StartAsync();
        await using var monitored = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var server = await SeedClusterAsync(new Uri("http://" + annotated.Address).Port, new Uri("http://" + monitored.Address).Port);
        await using var cluster = await RoleCluster.StartAsync(Config(server.BaseAddress, sink.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        var resources = () => sink.Requests.SelectMany(r => r.ResourceMetrics)
            .Where(rm => rm.ScopeMetrics.Any(sm => sm.Metrics.Any(m => m.Name == "requests_total" && m.Sum.DataPoints.Count > 0)))
            .Select(rm => rm.Resource.Attributes).ToList();
        await Eventually.WaitAsync(
            () => resources().Select(a => Attribute(a, "service.name")).Distinct().Count() == 2,
            TimeSpan.FromSeconds(60), "deltas of both discovered targets");

        var byJob = resources().GroupBy(a => Attribute(a, "service.name")!).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(["dynatrace-annotations", "my-service"], byJob.Keys.Order(StringComparer.Ordinal));
        var annotatedResource = byJob["dynatrace-annotations"];
        Assert.Equal("exporter-0", Attribute(annotatedResource, "k8s.pod.name"));
        Assert.Equal("shop", Attribute(annotatedResource, "k8s.namespace.name"));
        Assert.Equal("exporter", Attribute(annotatedResource, "k8s.deployment.name"));
        Assert.Equal("node-1", Attribute(annotatedResource, "k8s.node.name"));
        var monitoredResource = byJob["my-service"];
        Assert.Equal("my-service-0", Attribute(monitoredResource, "k8s.pod.name"));
        Assert.Equal("my-service", Attribute(monitoredResource, "k8s.deployment.name"));

        // The target set holds exactly the two selected targets, each on the scraper silo.
        var assignments = await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetAssignments();
        Assert.Equal(2, assignments.Count);
        var scraper = cluster.Roles.Single(r => r.Value == SiloRole.Scraper).Key;
        Assert.All(assignments, a => Assert.Equal(scraper, a.Status.Silo));
        Assert.Equal(["scrapeConfig/monitoring/dynatrace-annotations", "serviceMonitor/shop/my-service/0"],
            assignments.Select(a => a.Target.ScrapeConfigName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_configured_kubernetes_sd_job_scrapes_the_pods_its_relabel_rules_keep()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var server = await FakeKubernetesApiServer.StartAsync();
        var port = new Uri("http://" + exporter.Address).Port;
        server.Add(Pods, ReplicaSetPod("shop", "exporter-0", "exporter", new Dictionary<string, string> { ["app"] = "exporter" }, port: ("metrics", port)));
        server.Add(Pods, ReplicaSetPod("shop", "other-0", "other", new Dictionary<string, string> { ["app"] = "other" }, port: ("metrics", port + 1)));
        var config = $$"""
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: pods
                      scrape_interval: 1s
                      kubernetes_sd_configs:
                        - role: pod
                          api_server: {{server.BaseAddress}}
                          namespaces:
                            names: [shop]
                      relabel_configs:
                        - source_labels: [__meta_kubernetes_pod_label_app]
                          regex: exporter
                          action: keep
                        - source_labels: [__meta_kubernetes_pod_name]
                          target_label: pod
            exporters:
              otlphttp:
                endpoint: {{sink.Endpoint}}
            service:
              pipelines:
                metrics:
                  receivers: [prometheus]
                  exporters: [otlphttp]
            """;
        await using var cluster = await RoleCluster.StartAsync(config, SiloRole.All);

        await Eventually.WaitAsync(() => sink.Requests.SelectMany(r => r.ResourceMetrics).Any(rm => Attribute(rm.Resource.Attributes, "k8s.pod.name") == "exporter-0"),
            TimeSpan.FromSeconds(60), "metrics of the kept pod");

        var status = await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
        Assert.Equal(1, status.Targets);
        Assert.Equal(1, status.DroppedTargets);
        var resource = sink.Requests.SelectMany(r => r.ResourceMetrics).First(rm => Attribute(rm.Resource.Attributes, "k8s.pod.name") == "exporter-0").Resource;
        Assert.Equal("pods", Attribute(resource.Attributes, "service.name"));
        Assert.Equal("shop", Attribute(resource.Attributes, "k8s.namespace.name"));
        var point = sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .First(m => m.Name == "requests_total").Sum.DataPoints[0];
        Assert.Contains(point.Attributes, a => a.Key == "pod" && a.Value.StringValue == "exporter-0");
    }
}
