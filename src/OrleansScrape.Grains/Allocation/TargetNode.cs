namespace OrleansScrape.Grains.Allocation;

/// <summary>The Kubernetes node a target runs on, from the discovered labels that carry it.</summary>
public static class TargetNode
{
    // Pod role first; endpoints and endpointslice roles name the node of the endpoint's pod.
    public static readonly IReadOnlyList<string> Labels =
    [
        "__meta_kubernetes_pod_node_name",
        "__meta_kubernetes_endpoint_node_name",
        "__meta_kubernetes_endpointslice_endpoint_node_name",
        "__meta_kubernetes_node_name",
    ];

    public static string? From(IReadOnlyDictionary<string, string> discoveredLabels)
    {
        foreach (var label in Labels)
        {
            if (discoveredLabels.TryGetValue(label, out var node) && node.Length > 0)
            {
                return node;
            }
        }
        return null;
    }
}
