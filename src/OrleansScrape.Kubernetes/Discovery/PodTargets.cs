using System.Globalization;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's pod role: one group per pod (Source <c>pod/namespace/name</c>) with the pod's labels, and one target
/// per declared container port (<c>podIP:port</c>) plus one per container without ports (<c>podIP</c>), init
/// containers included. A pod without an IP yet yields a group without targets.
/// </summary>
public static class PodTargets
{
    public static string Source(string @namespace, string name) => $"pod/{@namespace}/{name}";

    public static TargetGroup Build(PodInfo pod, NodeInfo? node)
    {
        var source = Source(pod.Metadata.Namespace, pod.Metadata.Name);
        if (pod.Ip.Length == 0)
        {
            return new TargetGroup { Source = source };
        }
        var labels = PodLabels(pod);
        labels[MetaLabels.Namespace] = pod.Metadata.Namespace;
        node?.AddMetadataTo(labels);
        var targets = new List<IReadOnlyDictionary<string, string>>();
        foreach (var container in pod.Containers)
        {
            if (container.Ports.Length == 0)
            {
                targets.Add(new LabelMap(new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [TargetLabelNames.Address] = pod.Ip,
                    [MetaLabels.PodContainerName] = container.Name,
                    [MetaLabels.PodContainerId] = container.Id,
                    [MetaLabels.PodContainerImage] = container.Image,
                    [MetaLabels.PodContainerInit] = MetaLabels.Bool(container.IsInit),
                }));
                continue;
            }
            foreach (var port in container.Ports)
            {
                targets.Add(new LabelMap(new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [TargetLabelNames.Address] = MetaLabels.JoinHostPort(pod.Ip, port.Number),
                    [MetaLabels.PodContainerName] = container.Name,
                    [MetaLabels.PodContainerId] = container.Id,
                    [MetaLabels.PodContainerImage] = container.Image,
                    [MetaLabels.PodContainerPortNumber] = port.Number.ToString(CultureInfo.InvariantCulture),
                    [MetaLabels.PodContainerPortName] = port.Name,
                    [MetaLabels.PodContainerPortProtocol] = port.Protocol,
                    [MetaLabels.PodContainerInit] = MetaLabels.Bool(container.IsInit),
                }));
            }
        }
        return new TargetGroup { Source = source, Labels = new LabelMap(labels), Targets = targets };
    }

    /// <summary>The pod's own labels (no namespace), shared with the endpoint roles that attach pods.</summary>
    public static Dictionary<string, string> PodLabels(PodInfo pod)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaLabels.PodIp] = pod.Ip,
            [MetaLabels.PodReady] = pod.Ready,
            [MetaLabels.PodPhase] = pod.Phase,
            [MetaLabels.PodNodeName] = pod.NodeName,
            [MetaLabels.PodHostIp] = pod.HostIp,
            [MetaLabels.PodUid] = pod.Metadata.Uid,
        };
        pod.Metadata.AddTo(labels, MetaLabels.PodName);
        if (!string.IsNullOrEmpty(pod.ControllerKind))
        {
            labels[MetaLabels.PodControllerKind] = pod.ControllerKind;
        }
        if (!string.IsNullOrEmpty(pod.ControllerName))
        {
            labels[MetaLabels.PodControllerName] = pod.ControllerName;
        }
        return labels;
    }
}
