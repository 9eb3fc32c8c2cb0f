using System.Text.Json.Nodes;

namespace OrleansScrape.Kubernetes.Tests;

/// <summary>Objects shaped as the API server serves them, for the fake API server.</summary>
internal static class KubernetesObjects
{
    public const string Pods = "/api/v1/pods";
    public const string Services = "/api/v1/services";
    public const string Nodes = "/api/v1/nodes";
    public const string Endpoints = "/api/v1/endpoints";
    public const string EndpointSlices = "/apis/discovery.k8s.io/v1/endpointslices";
    public const string Namespaces = "/api/v1/namespaces";

    public static JsonObject Metadata(string? ns, string name, IDictionary<string, string>? labels = null, IDictionary<string, string>? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        if (labels is not null)
        {
            metadata["labels"] = Map(labels);
        }
        if (annotations is not null)
        {
            metadata["annotations"] = Map(annotations);
        }
        return metadata;
    }

    public static JsonObject Map(IDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (k, v) in values)
        {
            map[k] = v;
        }
        return map;
    }

    /// <summary>A running pod with one container "app" declaring the given TCP ports (name "p{port}").</summary>
    public static JsonObject Pod(string ns, string name, string? ip = "10.0.0.1", IDictionary<string, string>? labels = null, params int[] ports) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = Metadata(ns, name, labels),
        ["spec"] = new JsonObject
        {
            ["nodeName"] = "node-1",
            ["containers"] = new JsonArray(Container("app", "example/app:1", ports)),
        },
        ["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = ip,
            ["hostIP"] = "192.168.0.1",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["containerID"] = "containerd://abc" }),
        },
    };

    public static JsonObject Container(string name, string image, params int[] ports)
    {
        var container = new JsonObject { ["name"] = name, ["image"] = image };
        if (ports.Length > 0)
        {
            container["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject { ["name"] = $"p{p}", ["containerPort"] = p, ["protocol"] = "TCP" }).ToArray());
        }
        return container;
    }

    public static JsonObject Service(string ns, string name, string type = "ClusterIP", IDictionary<string, string>? labels = null, params int[] ports) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(ns, name, labels),
        ["spec"] = new JsonObject
        {
            ["type"] = type,
            ["clusterIP"] = "10.96.0.10",
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject { ["name"] = $"s{p}", ["port"] = p, ["protocol"] = "TCP" }).ToArray()),
        },
    };

    public static JsonObject Node(string name, string internalIp, IDictionary<string, string>? labels = null, int kubeletPort = 10250) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = Metadata(null, name, labels),
        ["spec"] = new JsonObject { ["providerID"] = $"aws:///{name}" },
        ["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = kubeletPort } },
        },
    };
}
