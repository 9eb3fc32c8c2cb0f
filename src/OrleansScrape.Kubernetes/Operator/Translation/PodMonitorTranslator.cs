using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>
/// One scrape config per PodMonitor endpoint, as the Prometheus Operator generates it: job
/// <c>podMonitor/ns/name/i</c>, kubernetes_sd over Pods in the selected namespaces, and relabel
/// rules that keep the selected Pods' container port and set the namespace, container, pod,
/// endpoint and job (<c>ns/name</c>) labels.
/// </summary>
public static class PodMonitorTranslator
{
    public static Task<IReadOnlyList<ScrapeConfig>> TranslateAsync(PodMonitor monitor, CrTranslationContext context, CancellationToken cancellationToken) =>
        MonitorEndpointJobs.TranslateAllAsync(monitor.Endpoints.Count, "podMetricsEndpoints", index =>
        {
            var metadata = monitor.Metadata;
            var endpoint = monitor.Endpoints[index];
            var discovery = new KubernetesSdConfig
            {
                Role = KubernetesSdRole.Pod,
                Namespaces = monitor.NamespaceSelector.NamespacesFor(metadata.Namespace),
                AttachNodeMetadata = monitor.AttachNodeMetadata,
            };
            return MonitorEndpointJobs.BuildAsync(metadata, $"podMonitor/{metadata.Namespace}/{metadata.Name}/{index}", endpoint, discovery,
                Relabelings(monitor, endpoint), monitor.Limits, context, cancellationToken);
        });

    private static List<RelabelConfig> Relabelings(PodMonitor monitor, MonitorEndpoint endpoint)
    {
        var metadata = monitor.Metadata;
        var rules = new List<RelabelConfig> { OperatorRelabelings.KeepJobName() };
        if (endpoint.FilterRunning)
        {
            rules.Add(OperatorRelabelings.RunningFilter());
        }
        rules.AddRange(OperatorRelabelings.Selection(monitor.Selector, "__meta_kubernetes_pod_"));

        var portNumber = endpoint.PortNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (endpoint.Port is { } port)
        {
            rules.Add(OperatorRelabelings.Keep("__meta_kubernetes_pod_container_port_name", port));
        }
        else if (portNumber is not null)
        {
            rules.Add(OperatorRelabelings.Keep("__meta_kubernetes_pod_container_port_number", portNumber));
        }
        else if (endpoint.TargetPort is { } targetPort)
        {
            rules.Add(OperatorRelabelings.Keep(
                endpoint.TargetPortIsNumber ? "__meta_kubernetes_pod_container_port_number" : "__meta_kubernetes_pod_container_port_name", targetPort));
        }

        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_namespace", "namespace"));
        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_pod_container_name", "container"));
        rules.Add(OperatorRelabelings.Copy("__meta_kubernetes_pod_name", "pod"));
        foreach (var label in monitor.PodTargetLabels)
        {
            rules.Add(OperatorRelabelings.CopyIfSet($"__meta_kubernetes_pod_label_{OperatorRelabelings.SanitizeLabelName(label)}", OperatorRelabelings.SanitizeLabelName(label)));
        }
        // job: namespace/name of the PodMonitor, or the jobLabel label's value when the Pod has it.
        rules.Add(OperatorRelabelings.Set("job", $"{metadata.Namespace}/{metadata.Name}"));
        if (monitor.JobLabel is { } jobLabel)
        {
            rules.Add(OperatorRelabelings.CopyIfSet($"__meta_kubernetes_pod_label_{OperatorRelabelings.SanitizeLabelName(jobLabel)}", "job"));
        }
        if ((endpoint.Port ?? portNumber ?? endpoint.TargetPort) is { } endpointName)
        {
            rules.Add(OperatorRelabelings.Set("endpoint", endpointName));
        }
        rules.AddRange(endpoint.Relabelings);
        rules.AddRange(OperatorRelabelings.SingleShard());
        return rules;
    }
}
