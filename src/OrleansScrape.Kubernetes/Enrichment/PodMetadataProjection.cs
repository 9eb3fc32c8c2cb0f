using System.Globalization;
using System.Text.Json;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Processing.KubernetesAttributes;

namespace OrleansScrape.Kubernetes.Enrichment;

/// <summary>Reduces Pod and Namespace objects, as the API server serves them, to what k8sattributes can add.</summary>
public static class PodMetadataProjection
{
    public static PodMetadata? Pod(JsonElement pod)
    {
        var metadata = Json.Object(pod, "metadata");
        if (Json.String(metadata, "name") is not { Length: > 0 } name)
        {
            return null;
        }
        var spec = Json.Object(pod, "spec");
        var status = Json.Object(pod, "status");
        // The controlling owner, as Prometheus's controller labels and upstream's workload names use.
        var owner = Json.Array(metadata, "ownerReferences").FirstOrDefault(o => Json.Bool(o, "controller") == true);
        DateTimeOffset? started = DateTimeOffset.TryParse(Json.String(status, "startTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
        return new PodMetadata
        {
            Name = name,
            Namespace = Json.String(metadata, "namespace"),
            Uid = Json.String(metadata, "uid"),
            NodeName = Json.String(spec, "nodeName"),
            Ip = Json.String(status, "podIP"),
            StartTime = started,
            OwnerKind = Json.String(owner, "kind"),
            OwnerName = Json.String(owner, "name"),
            OwnerUid = Json.String(owner, "uid"),
            Labels = Map(metadata, "labels"),
            Annotations = Map(metadata, "annotations"),
            Containers = [.. Json.Array(spec, "containers").Select(c => Json.String(c, "name")).Where(n => n.Length > 0)],
        };
    }

    public static NamespaceMetadata? Namespace(JsonElement ns)
    {
        var metadata = Json.Object(ns, "metadata");
        return Json.String(metadata, "name") is { Length: > 0 } name
            ? new NamespaceMetadata(name, Map(metadata, "labels"), Map(metadata, "annotations"))
            : null;
    }

    private static KeyValuePair<string, string>[] Map(JsonElement metadata, string property)
    {
        var map = Json.Object(metadata, property);
        return map.ValueKind != JsonValueKind.Object
            ? []
            : [.. map.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String).Select(e => new KeyValuePair<string, string>(e.Name, e.Value.GetString()!))];
    }
}
