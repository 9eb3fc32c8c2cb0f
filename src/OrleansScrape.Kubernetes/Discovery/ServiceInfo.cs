using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>What the service role (and the endpoint roles' service labels) need of a Service.</summary>
public sealed record ServiceInfo(ObjectMetadata Metadata, string Type, string ClusterIp, string ExternalName, string LoadBalancerIp, ServicePort[] Ports)
{
    public static ServiceInfo Project(JsonElement service, MetadataFilter filter, StringPool pool)
    {
        var spec = Json.Object(service, "spec");
        var ports = Json.Array(spec, "ports")
            .Select(p => new ServicePort(pool.Get(Json.String(p, "name")), Json.Int(p, "port") ?? 0, pool.Get(Json.String(p, "protocol"))))
            .ToArray();
        return new ServiceInfo(
            ObjectMetadata.Read(service, "service", filter, pool),
            pool.Get(Json.String(spec, "type")),
            Json.String(spec, "clusterIP"),
            Json.String(spec, "externalName"),
            Json.String(spec, "loadBalancerIP"),
            ports);
    }

    /// <summary>Prometheus's service labels: namespace, service name, labels and annotations.</summary>
    public void AddLabelsTo(Dictionary<string, string> labels)
    {
        labels[MetaLabels.Namespace] = Metadata.Namespace;
        Metadata.AddTo(labels, MetaLabels.ServiceName);
    }
}

public sealed record ServicePort(string Name, int Port, string Protocol);
