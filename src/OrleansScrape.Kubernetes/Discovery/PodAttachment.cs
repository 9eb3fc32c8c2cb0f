using System.Globalization;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// What the endpoints and endpointslice roles add for an endpoint backed by a Pod: the pod's labels, the container
/// port with the endpoint's port number, and afterwards a target for each container port no endpoint port covered.
/// </summary>
internal sealed class PodAttachment
{
    // Pods seen behind one object and the endpoint ports that already made targets for them, in order of appearance.
    private readonly List<(PodInfo Pod, List<int?> Ports)> _seen = [];

    /// <param name="protocol">The protocol label of a matching container port: the endpoint port's (endpoints) or the container's (null, endpointslice).</param>
    public void Attach(Dictionary<string, string> target, PodInfo pod, int? port, string? protocol)
    {
        foreach (var (name, value) in PodTargets.PodLabels(pod))
        {
            target[name] = value;
        }
        var seen = _seen.FindIndex(p => ReferenceEquals(p.Pod, pod));
        if (seen < 0)
        {
            _seen.Add((pod, [port]));
        }
        else
        {
            _seen[seen].Ports.Add(port);
        }
        if (port is null)
        {
            return;
        }
        foreach (var container in pod.Containers.Where(c => !c.IsInit))
        {
            // Prometheus stops at the first matching port of each container, not of the pod.
            if (container.Ports.FirstOrDefault(p => p.Number == port) is { } containerPort)
            {
                AddContainerPort(target, container, containerPort, protocol ?? containerPort.Protocol);
            }
        }
    }

    /// <summary>Targets for the container ports of the seen pods that no endpoint port covered.</summary>
    public void AddUncoveredPorts(List<IReadOnlyDictionary<string, string>> targets)
    {
        foreach (var (pod, covered) in _seen)
        {
            if (pod.Ip.Length == 0)
            {
                continue;
            }
            foreach (var container in pod.Containers.Where(c => !c.IsInit))
            {
                foreach (var containerPort in container.Ports.Where(p => !covered.Contains(p.Number)))
                {
                    var target = PodTargets.PodLabels(pod);
                    target[TargetLabelNames.Address] = MetaLabels.JoinHostPort(pod.Ip, containerPort.Number);
                    AddContainerPort(target, container, containerPort, containerPort.Protocol);
                    targets.Add(new LabelMap(target));
                }
            }
        }
    }

    private static void AddContainerPort(Dictionary<string, string> target, PodContainer container, PodContainerPort port, string protocol)
    {
        target[MetaLabels.PodContainerName] = container.Name;
        target[MetaLabels.PodContainerImage] = container.Image;
        target[MetaLabels.PodContainerPortName] = port.Name;
        target[MetaLabels.PodContainerPortNumber] = port.Number.ToString(CultureInfo.InvariantCulture);
        target[MetaLabels.PodContainerPortProtocol] = protocol;
    }
}
