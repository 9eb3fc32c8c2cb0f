using System.Globalization;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's endpointslice role: one group per slice (Source <c>endpointslice/namespace/name</c>) with the slice's
/// and its Service's labels; one target per endpoint address and port. An endpoint backed by a known Pod gets the
/// pod's labels and the labels of the container port with the same number; container ports of those pods that no
/// slice port covers get a target of their own.
/// </summary>
public static class EndpointSliceTargets
{
    public static string Source(string @namespace, string name) => $"endpointslice/{@namespace}/{name}";

    /// <param name="slice">The slice.</param>
    /// <param name="service">Finds a Service by namespace and name.</param>
    /// <param name="pod">Finds a Pod by namespace and name.</param>
    /// <param name="node">Finds a Node by name when <c>attach_metadata.node</c> is on; null otherwise.</param>
    public static TargetGroup Build(EndpointSliceInfo slice, Func<string, string, ServiceInfo?> service, Func<string, string, PodInfo?> pod, Func<string, NodeInfo?>? node)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaLabels.Namespace] = slice.Metadata.Namespace,
            [MetaLabels.EndpointSliceAddressType] = slice.AddressType,
        };
        slice.Metadata.AddTo(labels, MetaLabels.EndpointSliceName);
        if (slice.ServiceName is { } serviceName && service(slice.Metadata.Namespace, serviceName) is { } owner)
        {
            owner.AddLabelsTo(labels);
        }

        var targets = new List<IReadOnlyDictionary<string, string>>();
        var pods = new PodAttachment();
        foreach (var endpoint in slice.Endpoints)
        {
            foreach (var port in slice.Ports)
            {
                foreach (var address in endpoint.Addresses)
                {
                    var target = EndpointTarget(address, endpoint, port, node);
                    if (endpoint.TargetRef is { Kind: "Pod" } reference && pod(reference.Namespace, reference.Name) is { } backing)
                    {
                        pods.Attach(target, backing, port.Port, protocol: null);
                    }
                    targets.Add(new LabelMap(target));
                }
            }
        }
        pods.AddUncoveredPorts(targets);
        return new TargetGroup { Source = Source(slice.Metadata.Namespace, slice.Metadata.Name), Labels = new LabelMap(labels), Targets = targets };
    }

    private static Dictionary<string, string> EndpointTarget(string address, SliceEndpoint endpoint, EndpointSlicePort port, Func<string, NodeInfo?>? node)
    {
        var target = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TargetLabelNames.Address] = port.Port is { } number ? MetaLabels.JoinHostPort(address, number) : address,
        };
        Set(target, MetaLabels.EndpointSlicePortName, port.Name);
        Set(target, MetaLabels.EndpointSlicePortProtocol, port.Protocol);
        Set(target, MetaLabels.EndpointSlicePort, port.Port?.ToString(CultureInfo.InvariantCulture));
        Set(target, MetaLabels.EndpointSlicePortAppProtocol, port.AppProtocol);
        Set(target, MetaLabels.EndpointSliceReady, endpoint.Ready is { } ready ? MetaLabels.Bool(ready) : null);
        Set(target, MetaLabels.EndpointSliceServing, endpoint.Serving is { } serving ? MetaLabels.Bool(serving) : null);
        Set(target, MetaLabels.EndpointSliceTerminating, endpoint.Terminating is { } terminating ? MetaLabels.Bool(terminating) : null);
        Set(target, MetaLabels.EndpointSliceHostname, endpoint.Hostname);
        if (endpoint.TargetRef is { } reference)
        {
            target[MetaLabels.EndpointSliceTargetKind] = reference.Kind;
            target[MetaLabels.EndpointSliceTargetName] = reference.Name;
        }
        Set(target, MetaLabels.EndpointSliceNodeName, endpoint.NodeName);
        Set(target, MetaLabels.EndpointSliceZone, endpoint.Zone);
        ObjectMetadata.AddPairs(target, endpoint.Topology);
        if (node is not null)
        {
            var nodeName = endpoint.TargetRef is { Kind: "Node" } nodeReference ? nodeReference.Name : endpoint.NodeName;
            if (nodeName is not null && node(nodeName) is { } info)
            {
                info.AddMetadataTo(target);
            }
        }
        return target;
    }

    private static void Set(Dictionary<string, string> target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
