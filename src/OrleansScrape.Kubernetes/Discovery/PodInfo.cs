using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>What the pod role (and endpoint roles) need of a Pod; a projection, so no JSON is retained.</summary>
public sealed record PodInfo(
    ObjectMetadata Metadata,
    string Ip,
    string HostIp,
    string Phase,
    string NodeName,
    string Ready,
    string? ControllerKind,
    string? ControllerName,
    PodContainer[] Containers)
{
    public static PodInfo Project(JsonElement pod, MetadataFilter filter, StringPool pool)
    {
        var spec = Json.Object(pod, "spec");
        var status = Json.Object(pod, "status");
        string? controllerKind = null, controllerName = null;
        foreach (var owner in Json.Array(Json.Object(pod, "metadata"), "ownerReferences"))
        {
            if (Json.Bool(owner, "controller") == true)
            {
                controllerKind = pool.Get(Json.String(owner, "kind"));
                controllerName = pool.Get(Json.String(owner, "name"));
                break;
            }
        }
        // Prometheus: the Ready condition's status in lower case, "unknown" without one.
        var ready = "unknown";
        foreach (var condition in Json.Array(status, "conditions"))
        {
            if (Json.String(condition, "type") == "Ready")
            {
                ready = pool.Get(Json.String(condition, "status").ToLowerInvariant());
                break;
            }
        }
        var containers = new List<PodContainer>();
        ReadContainers(spec, "containers", Json.Array(status, "containerStatuses"), isInit: false, containers, pool);
        ReadContainers(spec, "initContainers", Json.Array(status, "initContainerStatuses"), isInit: true, containers, pool);
        return new PodInfo(
            ObjectMetadata.Read(pod, "pod", filter, pool),
            Json.String(status, "podIP"),
            pool.Get(Json.String(status, "hostIP")),
            pool.Get(Json.String(status, "phase")),
            pool.Get(Json.String(spec, "nodeName")),
            ready,
            controllerKind,
            controllerName,
            containers.ToArray());
    }

    private static void ReadContainers(JsonElement spec, string property, IEnumerable<JsonElement> statuses, bool isInit, List<PodContainer> into, StringPool pool)
    {
        var ids = statuses.ToDictionary(s => Json.String(s, "name"), s => Json.String(s, "containerID"), StringComparer.Ordinal);
        foreach (var container in Json.Array(spec, property))
        {
            var name = pool.Get(Json.String(container, "name"));
            var ports = Json.Array(container, "ports")
                .Select(p => new PodContainerPort(pool.Get(Json.String(p, "name")), Json.Int(p, "containerPort") ?? 0, pool.Get(Json.String(p, "protocol"))))
                .ToArray();
            into.Add(new PodContainer(name, pool.Get(Json.String(container, "image")), ids.GetValueOrDefault(name, ""), isInit, ports));
        }
    }
}

public sealed record PodContainer(string Name, string Image, string Id, bool IsInit, PodContainerPort[] Ports);

public sealed record PodContainerPort(string Name, int Number, string Protocol);
