using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Tests.Operator;

/// <summary>
/// Label sets shaped as Prometheus's kubernetes_sd produces them for the endpointslice and pod
/// roles (the meta labels the operator's relabel rules read), and a shortcut to run a job's
/// relabeling over them with <see cref="TargetBuilder"/>.
/// </summary>
internal static class DiscoveredLabels
{
    public sealed record PodSpec(string Namespace, string Name, string Ip, IDictionary<string, string> Labels, string Phase = "Running",
        IDictionary<string, string>? Annotations = null, string Container = "app");

    /// <summary>One endpointslice-role target: a Service port backed by a pod's address.</summary>
    public static Dictionary<string, string> EndpointSliceTarget(string serviceName, IDictionary<string, string> serviceLabels, PodSpec pod, string portName, int port)
    {
        var labels = PodLabels(pod);
        labels["__address__"] = $"{pod.Ip}:{port}";
        labels["__meta_kubernetes_service_name"] = serviceName;
        foreach (var (key, value) in serviceLabels)
        {
            labels[$"__meta_kubernetes_service_label_{Sanitize(key)}"] = value;
            labels[$"__meta_kubernetes_service_labelpresent_{Sanitize(key)}"] = "true";
        }
        labels["__meta_kubernetes_endpointslice_name"] = $"{serviceName}-abcde";
        labels["__meta_kubernetes_endpointslice_address_type"] = "IPv4";
        labels["__meta_kubernetes_endpointslice_port_name"] = portName;
        labels["__meta_kubernetes_endpointslice_port_protocol"] = "TCP";
        labels["__meta_kubernetes_endpointslice_port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        labels["__meta_kubernetes_endpointslice_address_target_kind"] = "Pod";
        labels["__meta_kubernetes_endpointslice_address_target_name"] = pod.Name;
        labels["__meta_kubernetes_endpointslice_endpoint_conditions_ready"] = "true";
        labels["__meta_kubernetes_pod_container_port_name"] = portName;
        labels["__meta_kubernetes_pod_container_port_number"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return labels;
    }

    /// <summary>One pod-role target: a declared container port.</summary>
    public static Dictionary<string, string> PodTarget(PodSpec pod, string? portName, int port)
    {
        var labels = PodLabels(pod);
        labels["__address__"] = $"{pod.Ip}:{port}";
        labels["__meta_kubernetes_pod_container_port_name"] = portName ?? "";
        labels["__meta_kubernetes_pod_container_port_number"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        labels["__meta_kubernetes_pod_container_port_protocol"] = "TCP";
        return labels;
    }

    /// <summary>The targets the job makes of these discovered label sets, by address.</summary>
    public static IReadOnlyDictionary<string, ScrapeTarget> Targets(ScrapeConfig job, params Dictionary<string, string>[] discovered)
    {
        var set = new TargetBuilder(job).Build([new TargetGroup { Source = "test", Targets = discovered }]);
        Assert.Empty(set.Errors);
        return set.Targets.ToDictionary(t => t.Address, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> PodLabels(PodSpec pod)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__meta_kubernetes_namespace"] = pod.Namespace,
            ["__meta_kubernetes_pod_name"] = pod.Name,
            ["__meta_kubernetes_pod_ip"] = pod.Ip,
            ["__meta_kubernetes_pod_phase"] = pod.Phase,
            ["__meta_kubernetes_pod_ready"] = "true",
            ["__meta_kubernetes_pod_node_name"] = "node-1",
            ["__meta_kubernetes_pod_container_name"] = pod.Container,
        };
        foreach (var (key, value) in pod.Labels)
        {
            labels[$"__meta_kubernetes_pod_label_{Sanitize(key)}"] = value;
            labels[$"__meta_kubernetes_pod_labelpresent_{Sanitize(key)}"] = "true";
        }
        foreach (var (key, value) in pod.Annotations ?? new Dictionary<string, string>())
        {
            labels[$"__meta_kubernetes_pod_annotation_{Sanitize(key)}"] = value;
            labels[$"__meta_kubernetes_pod_annotationpresent_{Sanitize(key)}"] = "true";
        }
        return labels;
    }

    private static string Sanitize(string key) =>
        string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_'));
}
