using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>What the node role and <c>attach_metadata.node</c> need of a Node.</summary>
public sealed record NodeInfo(ObjectMetadata Metadata, string ProviderId, KeyValuePair<string, string>[] Addresses, int KubeletPort)
{
    public static NodeInfo Project(JsonElement node, MetadataFilter filter, StringPool pool)
    {
        var status = Json.Object(node, "status");
        var addresses = Json.Array(status, "addresses")
            .Select(a => new KeyValuePair<string, string>(pool.Get(Json.String(a, "type")), Json.String(a, "address")))
            .ToArray();
        var kubelet = Json.Object(Json.Object(status, "daemonEndpoints"), "kubeletEndpoint");
        return new NodeInfo(ObjectMetadata.Read(node, "node", filter, pool), Json.String(Json.Object(node, "spec"), "providerID"), addresses, Json.Int(kubelet, "Port") ?? 0);
    }

    /// <summary>The node's name, labels and annotations as <c>attach_metadata.node</c> adds them to pod and endpoint targets.</summary>
    public void AddMetadataTo(Dictionary<string, string> labels) => Metadata.AddTo(labels, MetaLabels.NodeName);
}
