using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>What the (legacy) endpoints role needs of a core/v1 Endpoints object.</summary>
public sealed record EndpointsInfo(ObjectMetadata Metadata, EndpointSubset[] Subsets)
{
    /// <summary>The objects this object's targets draw labels from: the Service of the same name, pods behind addresses, their nodes.</summary>
    public IEnumerable<ObjectReference> References()
    {
        yield return new ObjectReference("Service", Metadata.Name, Metadata.Namespace);
        foreach (var address in Subsets.SelectMany(s => s.Addresses.Concat(s.NotReadyAddresses)))
        {
            if (address.TargetRef is { Kind: "Pod" } pod)
            {
                yield return pod;
            }
            var node = address.NodeName ?? (address.TargetRef is { Kind: "Node" } nodeReference ? nodeReference.Name : null);
            if (node is not null)
            {
                yield return new ObjectReference("Node", node, "");
            }
        }
    }

    public static EndpointsInfo Project(JsonElement endpoints, MetadataFilter filter, StringPool pool)
    {
        var subsets = Json.Array(endpoints, "subsets").Select(s => new EndpointSubset(
            Addresses(s, "addresses", pool),
            Addresses(s, "notReadyAddresses", pool),
            Json.Array(s, "ports").Select(p => new EndpointPort(pool.Get(Json.String(p, "name")), Json.Int(p, "port") ?? 0, pool.Get(Json.String(p, "protocol")))).ToArray())).ToArray();
        return new EndpointsInfo(ObjectMetadata.Read(endpoints, "endpoints", filter, pool), subsets);
    }

    private static EndpointAddress[] Addresses(JsonElement subset, string property, StringPool pool) =>
        Json.Array(subset, property).Select(a =>
        {
            var reference = Json.Object(a, "targetRef");
            return new EndpointAddress(
                Json.String(a, "ip"),
                Json.StringOrNull(a, "hostname") is { Length: > 0 } host ? host : null,
                Json.StringOrNull(a, "nodeName") is { } node ? pool.Get(node) : null,
                reference.ValueKind == JsonValueKind.Object ? new ObjectReference(pool.Get(Json.String(reference, "kind")), Json.String(reference, "name"), pool.Get(Json.String(reference, "namespace"))) : null);
        }).ToArray();
}

public sealed record EndpointSubset(EndpointAddress[] Addresses, EndpointAddress[] NotReadyAddresses, EndpointPort[] Ports);

public sealed record EndpointAddress(string Ip, string? Hostname, string? NodeName, ObjectReference? TargetRef);

public sealed record EndpointPort(string Name, int Port, string Protocol);
