using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// The resource attributes the Collector's Prometheus receiver takes from a target's Kubernetes
/// service-discovery labels (the labels before relabeling): pod name and uid, container name,
/// namespace, node (whichever role's node label is present) and the pod's controller by kind.
/// </summary>
public static class KubernetesResourceAttributes
{
    private static readonly (string Label, string Attribute)[] Direct =
    [
        ("__meta_kubernetes_pod_name", "k8s.pod.name"),
        ("__meta_kubernetes_pod_uid", "k8s.pod.uid"),
        ("__meta_kubernetes_pod_container_name", "k8s.container.name"),
        ("__meta_kubernetes_namespace", "k8s.namespace.name"),
        // A target carries at most one of the three node labels (pod, node or endpoints role).
        ("__meta_kubernetes_pod_node_name", "k8s.node.name"),
        ("__meta_kubernetes_node_name", "k8s.node.name"),
        ("__meta_kubernetes_endpoint_node_name", "k8s.node.name"),
    ];

    public static void AddTo(List<Attribute> attributes, IReadOnlyDictionary<string, string> discoveredLabels)
    {
        foreach (var (label, attribute) in Direct)
        {
            if (discoveredLabels.TryGetValue(label, out var value) && value.Length > 0)
            {
                Put(attributes, attribute, value);
            }
        }
        if (discoveredLabels.TryGetValue("__meta_kubernetes_pod_controller_kind", out var kind)
            && discoveredLabels.TryGetValue("__meta_kubernetes_pod_controller_name", out var name)
            && name.Length > 0
            && ControllerAttribute(kind) is { } controller)
        {
            Put(attributes, controller, name);
        }
    }

    private static string? ControllerAttribute(string kind) => kind switch
    {
        "ReplicaSet" => "k8s.replicaset.name",
        "DaemonSet" => "k8s.daemonset.name",
        "StatefulSet" => "k8s.statefulset.name",
        "Job" => "k8s.job.name",
        "CronJob" => "k8s.cronjob.name",
        _ => null,
    };

    private static void Put(List<Attribute> attributes, string key, string value)
    {
        var index = attributes.FindIndex(a => a.Key == key);
        if (index >= 0)
        {
            attributes[index] = new Attribute(key, value);
        }
        else
        {
            attributes.Add(new Attribute(key, value));
        }
    }
}
