using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Tests.Operator;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// An API server with pods in several namespaces, the seed's ServiceMonitor (namespace shop) and its
/// annotation-based ScrapeConfig (all namespaces), and a configuration that discovers them with configured
/// kubernetes_sd jobs, custom resources, a static job and the node role. Each pod has its own loopback
/// address, so every target is distinct and a scrape fails at once (nothing listens there).
/// </summary>
internal static class ShardedKubernetesFixture
{
    public static readonly string[] PodNamespaces = ["shop", "rest", "kube-system", "other"];

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        foreach (var ns in PodNamespaces.Append("monitoring"))
        {
            server.Add(Namespaces, new JsonObject { ["metadata"] = Metadata(null, ns) });
        }
        server.Add(Nodes, Node("node-1", "127.0.2.1"));
        server.Add(SeedResources.ServiceMonitors, SeedResources.ServiceMonitor());
        server.Add(SeedResources.ScrapeConfigs, SeedResources.AnnotationScrapeConfig());

        var address = 0;
        foreach (var ns in PodNamespaces)
        {
            for (var i = 0; i < 3; i++)
            {
                var ip = $"127.0.1.{++address}";
                var annotations = i == 0 ? new Dictionary<string, string> { ["metrics.dynatrace.com/scrape"] = "true", ["metrics.dynatrace.com/port"] = "9100" } : null;
                var pod = Pod(ns, $"app-{i}", ip, new Dictionary<string, string> { ["app"] = i == 2 ? "my-service" : "app", ["scrape"] = "yes" }, 8080);
                pod["metadata"] = Metadata(ns, $"app-{i}", new Dictionary<string, string> { ["app"] = i == 2 ? "my-service" : "app", ["scrape"] = "yes" }, annotations);
                server.Add(Pods, pod);
            }
        }
        // The ServiceMonitor's service in shop, with a slice pointing at its pod.
        var service = Service("shop", "my-service", labels: new Dictionary<string, string> { ["app"] = "my-service" });
        service["spec"]!["ports"] = new JsonArray(new JsonObject { ["name"] = "metrics", ["port"] = 8080, ["protocol"] = "TCP" });
        server.Add(Services, service);
        server.Add(EndpointSlices, new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = Metadata("shop", "my-service-abc", new Dictionary<string, string> { ["kubernetes.io/service-name"] = "my-service" }),
            ["addressType"] = "IPv4",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "metrics", ["port"] = 8080, ["protocol"] = "TCP" }),
            ["endpoints"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray("127.0.1.3"),
                ["conditions"] = new JsonObject { ["ready"] = true },
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = "app-2", ["namespace"] = "shop" },
            }),
        });
        return server;
    }

    /// <param name="extra">Appended to the configuration (e.g. an <c>orleans</c> section).</param>
    /// <param name="shards">The <c>discovery.shards</c> entries, or empty for none.</param>
    public static string Config(Uri apiServer, string shards = "", string extra = "") => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: static
                  scrape_interval: 30s
                  basic_auth:
                    username: reader
                    password: hunter2
                  static_configs:
                    - targets: ['127.0.3.1:9100']
                - job_name: all-pods
                  scrape_interval: 30s
                  kubernetes_sd_configs:
                    - role: pod
                      api_server: {{apiServer}}
                  relabel_configs:
                    - source_labels: [__meta_kubernetes_pod_label_scrape]
                      regex: "yes"
                      action: keep
                - job_name: some-pods
                  scrape_interval: 30s
                  kubernetes_sd_configs:
                    - role: pod
                      api_server: {{apiServer}}
                      namespaces:
                        names: [shop, other]
                - job_name: nodes
                  scrape_interval: 30s
                  kubernetes_sd_configs:
                    - role: node
                      api_server: {{apiServer}}
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        discovery:
          api_server: {{apiServer}}
          prometheus_cr:
            enabled: true
            scrapeInterval: 30s
            service_monitor_selector:
              matchLabels:
                prometheus.dynatrace.com: "true"
            scrape_config_selector:
              matchLabels:
                prometheus.dynatrace.com: "true"
        {{shards}}
        {{extra}}
        """;
}
