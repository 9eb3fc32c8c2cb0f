using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's endpoints role: one group per Endpoints object (Source <c>endpoints/namespace/name</c>) with its labels
/// and those of the Service of the same name; per subset, one target per port and address, ready addresses first
/// (<c>endpoint_ready="true"</c>) then not-ready ones (<c>"false"</c>). Pod-backed addresses get the pod's labels, as in
/// the endpointslice role.
/// </summary>
public static class EndpointsTargets
{
    public static string Source(string @namespace, string name) => $"endpoints/{@namespace}/{name}";

    /// <param name="endpoints">The Endpoints object.</param>
    /// <param name="service">Finds a Service by namespace and name.</param>
    /// <param name="pod">Finds a Pod by namespace and name.</param>
    /// <param name="node">Finds a Node by name when <c>attach_metadata.node</c> is on; null otherwise.</param>
    public static TargetGroup Build(EndpointsInfo endpoints, Func<string, string, ServiceInfo?> service, Func<string, string, PodInfo?> pod, Func<string, NodeInfo?>? node)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [MetaLabels.Namespace] = endpoints.Metadata.Namespace };
        service(endpoints.Metadata.Namespace, endpoints.Metadata.Name)?.AddLabelsTo(labels);
        endpoints.Metadata.AddTo(labels, MetaLabels.EndpointsName);

        var targets = new List<IReadOnlyDictionary<string, string>>();
        var pods = new PodAttachment();
        foreach (var subset in endpoints.Subsets)
        {
            foreach (var port in subset.Ports)
            {
                foreach (var (addresses, ready) in new[] { (subset.Addresses, "true"), (subset.NotReadyAddresses, "false") })
                {
                    foreach (var address in addresses)
                    {
                        var target = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            [TargetLabelNames.Address] = MetaLabels.JoinHostPort(address.Ip, port.Port),
                            [MetaLabels.EndpointPortName] = port.Name,
                            [MetaLabels.EndpointPortProtocol] = port.Protocol,
                            [MetaLabels.EndpointReady] = ready,
                        };
                        if (address.TargetRef is { } reference)
                        {
                            target[MetaLabels.EndpointTargetKind] = reference.Kind;
                            target[MetaLabels.EndpointTargetName] = reference.Name;
                        }
                        if (address.NodeName is { } nodeName)
                        {
                            target[MetaLabels.EndpointNodeName] = nodeName;
                        }
                        if (address.Hostname is { } hostname)
                        {
                            target[MetaLabels.EndpointHostname] = hostname;
                        }
                        var attachedNode = address.NodeName ?? (address.TargetRef is { Kind: "Node" } nodeReference ? nodeReference.Name : null);
                        if (node is not null && attachedNode is not null)
                        {
                            node(attachedNode)?.AddMetadataTo(target);
                        }
                        if (address.TargetRef is { Kind: "Pod" } podReference && pod(podReference.Namespace, podReference.Name) is { } backing)
                        {
                            pods.Attach(target, backing, port.Port, port.Protocol);
                        }
                        targets.Add(new LabelMap(target));
                    }
                }
            }
        }
        pods.AddUncoveredPorts(targets);
        return new TargetGroup { Source = Source(endpoints.Metadata.Namespace, endpoints.Metadata.Name), Labels = new LabelMap(labels), Targets = targets };
    }
}
