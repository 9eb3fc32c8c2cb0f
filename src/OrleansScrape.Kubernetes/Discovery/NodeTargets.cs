using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's node role: one group per node (Source <c>node/name</c>) with one target at the node's preferred
/// address and the kubelet port, <c>instance</c> set to the node name, and the first address of each type.
/// A node without any address yields no group.
/// </summary>
public static class NodeTargets
{
    // Prometheus's order of preference for the target address.
    private static readonly string[] AddressPreference = ["InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname"];

    public static string Source(string name) => $"node/{name}";

    public static TargetGroup? Build(NodeInfo node)
    {
        string? address = null;
        foreach (var type in AddressPreference)
        {
            address = node.Addresses.FirstOrDefault(a => a.Key == type).Value;
            if (address is not null)
            {
                break;
            }
        }
        if (address is null)
        {
            return null;
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [MetaLabels.NodeProviderId] = node.ProviderId };
        node.Metadata.AddTo(labels, MetaLabels.NodeName);
        var target = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TargetLabelNames.Address] = MetaLabels.JoinHostPort(address, node.KubeletPort),
            [TargetLabelNames.Instance] = node.Metadata.Name,
        };
        foreach (var (type, value) in node.Addresses)
        {
            target.TryAdd(MetaLabels.Sanitize(MetaLabels.NodeAddressPrefix + type), value);
        }
        return new TargetGroup { Source = Source(node.Metadata.Name), Labels = new LabelMap(labels), Targets = [new LabelMap(target)] };
    }
}
