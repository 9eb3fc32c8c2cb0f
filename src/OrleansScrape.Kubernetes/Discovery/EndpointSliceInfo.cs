using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>What the endpointslice role needs of a <c>discovery.k8s.io/v1</c> EndpointSlice.</summary>
public sealed record EndpointSliceInfo(ObjectMetadata Metadata, string AddressType, string? ServiceName, EndpointSlicePort[] Ports, SliceEndpoint[] Endpoints)
{
    /// <summary>The label every EndpointSlice carries naming its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The objects this slice's targets draw labels from: its Service, the pods behind endpoints and their nodes.</summary>
    public IEnumerable<ObjectReference> References()
    {
        if (ServiceName is not null)
        {
            yield return new ObjectReference("Service", ServiceName, Metadata.Namespace);
        }
        foreach (var endpoint in Endpoints)
        {
            if (endpoint.TargetRef is { Kind: "Pod" } pod)
            {
                yield return pod;
            }
            var node = endpoint.TargetRef is { Kind: "Node" } nodeReference ? nodeReference.Name : endpoint.NodeName;
            if (node is not null)
            {
                yield return new ObjectReference("Node", node, "");
            }
        }
    }

    public static EndpointSliceInfo Project(JsonElement slice, MetadataFilter filter, StringPool pool)
    {
        var ports = Json.Array(slice, "ports")
            .Select(p => new EndpointSlicePort(
                Json.StringOrNull(p, "name") is { } n ? pool.Get(n) : null,
                Json.Int(p, "port"),
                Json.StringOrNull(p, "protocol") is { } protocol ? pool.Get(protocol) : null,
                Json.StringOrNull(p, "appProtocol") is { } app ? pool.Get(app) : null))
            .ToArray();
        var endpoints = Json.Array(slice, "endpoints").Select(e =>
        {
            var conditions = Json.Object(e, "conditions");
            var reference = Json.Object(e, "targetRef");
            var target = reference.ValueKind == JsonValueKind.Object
                ? new ObjectReference(pool.Get(Json.String(reference, "kind")), Json.String(reference, "name"), pool.Get(Json.String(reference, "namespace")))
                : null;
            var topology = new List<KeyValuePair<string, string>>();
            ObjectMetadata.Pairs(e, "deprecatedTopology", MetaLabels.EndpointSliceTopologyPrefix, MetaLabels.EndpointSliceTopologyPresentPrefix, filter, pool, poolValues: true, topology);
            return new SliceEndpoint(
                Json.Array(e, "addresses").Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray(),
                Json.Bool(conditions, "ready"),
                Json.Bool(conditions, "serving"),
                Json.Bool(conditions, "terminating"),
                Json.StringOrNull(e, "hostname"),
                Json.StringOrNull(e, "nodeName") is { } node ? pool.Get(node) : null,
                Json.StringOrNull(e, "zone") is { } zone ? pool.Get(zone) : null,
                target,
                topology.ToArray());
        }).ToArray();
        var serviceName = Json.StringOrNull(Json.Object(Json.Object(slice, "metadata"), "labels"), ServiceNameLabel);
        return new EndpointSliceInfo(ObjectMetadata.Read(slice, "endpointslice", filter, pool), pool.Get(Json.String(slice, "addressType")), serviceName, ports, endpoints);
    }
}

public sealed record EndpointSlicePort(string? Name, int? Port, string? Protocol, string? AppProtocol);

public sealed record SliceEndpoint(
    string[] Addresses,
    bool? Ready,
    bool? Serving,
    bool? Terminating,
    string? Hostname,
    string? NodeName,
    string? Zone,
    ObjectReference? TargetRef,
    KeyValuePair<string, string>[] Topology);

/// <summary>An endpoint's <c>targetRef</c>.</summary>
public sealed record ObjectReference(string Kind, string Name, string Namespace);
