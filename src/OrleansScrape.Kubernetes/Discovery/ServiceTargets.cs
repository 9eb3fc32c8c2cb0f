using System.Globalization;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's service role: one group per service (Source <c>svc/namespace/name</c>) with one target per port at
/// <c>name.namespace.svc:port</c>; cluster IP, or external name for ExternalName services; load-balancer IP for
/// LoadBalancer services.
/// </summary>
public static class ServiceTargets
{
    public static string Source(string @namespace, string name) => $"svc/{@namespace}/{name}";

    public static TargetGroup Build(ServiceInfo service)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        service.AddLabelsTo(labels);
        var host = $"{service.Metadata.Name}.{service.Metadata.Namespace}.svc";
        var targets = new List<IReadOnlyDictionary<string, string>>(service.Ports.Length);
        foreach (var port in service.Ports)
        {
            var number = port.Port.ToString(CultureInfo.InvariantCulture);
            var target = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TargetLabelNames.Address] = MetaLabels.JoinHostPort(host, port.Port),
                [MetaLabels.ServicePortName] = port.Name,
                [MetaLabels.ServicePortNumber] = number,
                [MetaLabels.ServicePortProtocol] = port.Protocol,
                [MetaLabels.ServiceType] = service.Type,
            };
            if (service.Type == "ExternalName")
            {
                target[MetaLabels.ServiceExternalName] = service.ExternalName;
            }
            else
            {
                target[MetaLabels.ServiceClusterIp] = service.ClusterIp;
            }
            if (service.Type == "LoadBalancer")
            {
                target[MetaLabels.ServiceLoadBalancerIp] = service.LoadBalancerIp;
            }
            targets.Add(new LabelMap(target));
        }
        return new TargetGroup { Source = Source(service.Metadata.Namespace, service.Metadata.Name), Labels = new LabelMap(labels), Targets = targets };
    }
}
