using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansScrape.Kubernetes.Tests.Operator;

/// <summary>The seed document's ServiceMonitor, PodMonitor and annotation-based ScrapeConfig, as the API server serves them.</summary>
internal static class SeedResources
{
    public const string ServiceMonitors = "/apis/monitoring.coreos.com/v1/servicemonitors";
    public const string PodMonitors = "/apis/monitoring.coreos.com/v1/podmonitors";
    public const string ScrapeConfigs = "/apis/monitoring.coreos.com/v1alpha1/scrapeconfigs";
    public const string Secrets = "/api/v1/secrets";

    /// <summary>The seed's prometheus_cr values, spelt as its Helm values spell them (scrapeInterval, matchlabels).</summary>
    public const string PrometheusCrValues = """
        prometheus_cr:
          enabled: true
          scrapeInterval: 15s
          service_monitor_selector:
            matchlabels:
              prometheus.dynatrace.com: "true"
          pod_monitor_selector:
            matchlabels:
              prometheus.dynatrace.com: "true"
          scrape_config_selector:
            matchLabels:
              prometheus.dynatrace.com: "true"
        """;

    public static JsonObject ServiceMonitor(string ns = "shop") => Parse($$"""
        {
          "apiVersion": "monitoring.coreos.com/v1",
          "kind": "ServiceMonitor",
          "metadata": { "name": "my-service", "namespace": "{{ns}}", "labels": { "prometheus.dynatrace.com": "true" } },
          "spec": {
            "selector": { "matchLabels": { "app": "my-service" } },
            "endpoints": [ { "port": "metrics", "interval": "60s" } ]
          }
        }
        """);

    public static JsonObject PodMonitor(string ns = "shop") => Parse($$"""
        {
          "apiVersion": "monitoring.coreos.com/v1",
          "kind": "PodMonitor",
          "metadata": { "name": "my-pods", "namespace": "{{ns}}", "labels": { "prometheus.dynatrace.com": "true" } },
          "spec": {
            "selector": { "matchLabels": { "app": "my-app" } },
            "podMetricsEndpoints": [ { "port": "metrics", "interval": "60s" } ]
          }
        }
        """);

    public static JsonObject AnnotationScrapeConfig(string ns = "monitoring") => Parse($$"""
        {
          "apiVersion": "monitoring.coreos.com/v1alpha1",
          "kind": "ScrapeConfig",
          "metadata": { "name": "dynatrace-annotations", "namespace": "{{ns}}", "labels": { "prometheus.dynatrace.com": "true" } },
          "spec": {
            "jobName": "dynatrace-annotations",
            "scrapeInterval": "60s",
            "kubernetesSDConfigs": [ { "role": "Pod" } ],
            "relabelings": [
              { "sourceLabels": ["__meta_kubernetes_pod_annotation_metrics_dynatrace_com_scrape", "__meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_scrape"],
                "action": "keep", "regex": "true;true" },
              { "sourceLabels": ["__meta_kubernetes_pod_annotation_metrics_dynatrace_com_secure", "__meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_secure"],
                "action": "replace", "regex": "true;true", "targetLabel": "__scheme__", "replacement": "https" },
              { "sourceLabels": ["__address__", "__meta_kubernetes_pod_annotation_metrics_dynatrace_com_port", "__meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_port"],
                "action": "replace", "regex": "(.+?)(?::\\d+)?;(\\d+);true", "targetLabel": "__address__", "replacement": "$1:$2" },
              { "sourceLabels": ["__meta_kubernetes_pod_annotation_metrics_dynatrace_com_path", "__meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_path"],
                "action": "replace", "regex": "(.+);true", "targetLabel": "__metrics_path__", "replacement": "$1" },
              { "sourceLabels": ["__meta_kubernetes_pod_phase"], "action": "drop", "regex": "(Failed|Succeeded)" }
            ]
          }
        }
        """);

    public static JsonObject Secret(string ns, string name, IDictionary<string, string> data)
    {
        var encoded = new JsonObject();
        foreach (var (key, value) in data)
        {
            encoded[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = encoded,
        };
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonElement Element(JsonObject obj) => JsonDocument.Parse(obj.ToJsonString()).RootElement.Clone();
}
