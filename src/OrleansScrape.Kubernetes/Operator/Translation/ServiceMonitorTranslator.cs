using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>
/// One scrape config per ServiceMonitor endpoint, as the Prometheus Operator generates it: job
/// <c>serviceMonitor/ns/name/i</c>, kubernetes_sd over EndpointSlices (or Endpoints) in the
/// selected namespaces, and relabel rules that keep the selected Services' port and set the
/// namespace, service, pod, container, endpoint and job labels.
/// </summary>
public static class ServiceMonitorTranslator
{
    public static Task<IReadOnlyList<ScrapeConfig>> TranslateAsync(ServiceMonitor monitor, CrTranslationContext context, CancellationToken cancellationToken) =>
        MonitorEndpointJobs.TranslateAllAsync(monitor.Endpoints.Count, "endpoints", index =>
        {
            var metadata = monitor.Metadata;
            var endpoint = monitor.Endpoints[index];
            var role = monitor.ServiceDiscoveryRole ?? KubernetesSdRole.EndpointSlice;
            var discovery = new KubernetesSdConfig
            {
                Role = role,
                Namespaces = monitor.NamespaceSelector.NamespacesFor(metadata.Namespace),
                AttachNodeMetadata = monitor.AttachNodeMetadata,
            };
            return MonitorEndpointJobs.BuildAsync(metadata, $"serviceMonitor/{metadata.Namespace}/{metadata.Name}/{index}", endpoint, discovery,
                Relabelings(monitor, endpoint, role), monitor.Limits, context, cancellationToken);
        });

    private static List<RelabelConfig> Relabelings(ServiceMonitor monitor, MonitorEndpoint endpoint, KubernetesSdRole role)
    {
        var slices = role == KubernetesSdRole.EndpointSlice;
        var rules = new List<RelabelConfig> { OperatorRelabelings.KeepJobName() };
        rules.AddRange(OperatorRelabelings.Selection(monitor.Selector, "__meta_kubernetes_service_"));

        if (endpoint.Port is { } port)
        {
            rules.Add(OperatorRelabelings.Keep(slices ? "__meta_kubernetes_endpointslice_port_name" : "__meta_kubernetes_endpoint_port_name", port));
        }
        else if (endpoint.TargetPort is { } targetPort)
        {
            rules.Add(OperatorRelabelings.Keep(
                endpoint.TargetPortIsNumber ? "__meta_kubernetes_pod_container_port_number" : "__meta_kubernetes_pod_container_port_name", targetPort));
        }

        string[] targetRef = slices
            ? ["__meta_kubernetes_endpointslice_address_target_kind", "__meta_kubernetes_endpointslice_address_target_name"]
            : ["__meta_kubernetes_endpoint_address_target_kind", "__meta_kubernetes_endpoint_address_target_name"];
        rules.Add(new RelabelConfig { SourceLabels = targetRef, Regex = RelabelRegex.Parse("Node;(.*)"), Replacement = "${1}", TargetLabel = "node" });
        rules.Add(new RelabelConfig { SourceLabels = targetRef, Regex = RelabelRegex.Parse("Pod;(.*)"), Replacement = "${1}", TargetLabel = "pod" });
        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_namespace", "namespace"));
        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_service_name", "service"));
        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_pod_name", "pod"));
        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_pod_container_name", "container"));
        if (endpoint.FilterRunning)
        {
            rules.Add(OperatorRelabelings.RunningFilter());
        }
        foreach (var label in monitor.TargetLabels)
        {
            rules.Add(OperatorRelabelings.CopyIfSet($"__meta_kubernetes_service_label_{OperatorRelabelings.SanitizeLabelName(label)}", OperatorRelabelings.SanitizeLabelName(label)));
        }
        foreach (var label in monitor.PodTargetLabels)
        {
            rules.Add(OperatorRelabelings.CopyIfSet($"__meta_kubernetes_pod_label_{OperatorRelabelings.SanitizeLabelName(label)}", OperatorRelabelings.SanitizeLabelName(label)));
        }
        // job: the Service's name, or the jobLabel label's value when the Service has it.
        rules.Add(new RelabelConfig { SourceLabels = ["__meta_kubernetes_service_name"], TargetLabel = "job", Replacement = "${1}" });
        if (monitor.JobLabel is { } jobLabel)
        {
            rules.Add(OperatorRelabelings.CopyIfSet($"__meta_kubernetes_service_label_{OperatorRelabelings.SanitizeLabelName(jobLabel)}", "job"));
        }
        if ((endpoint.Port ?? endpoint.TargetPort) is { } endpointName)
        {
            rules.Add(OperatorRelabelings.Set("endpoint", endpointName));
        }
        rules.AddRange(endpoint.Relabelings);
        rules.AddRange(OperatorRelabelings.SingleShard());
        return rules;
    }
}
