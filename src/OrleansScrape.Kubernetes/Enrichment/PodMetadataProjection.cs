using System.Globalization;
using System.Text.Json;
using OrleansScrape.Processing.KubernetesAttributes;

namespace OrleansScrape.Kubernetes.Enrichment;

/// <summary>Reduces Pod and Namespace objects, as the API server serves them, to what k8sattributes can add.</summary>
public static class PodMetadataProjection
{
    public static PodMetadata? Pod(JsonElement pod)
    {
        if (!pod.TryGetProperty("metadata", out var metadata) || String(metadata, "name") is not { Length: > 0 } name)
        {
            return null;
        }
        var spec = pod.TryGetProperty("spec", out var s) ? s : default;
        var status = pod.TryGetProperty("status", out var st) ? st : default;
        var (ownerKind, ownerName, ownerUid) = ("", "", "");
        if (metadata.TryGetProperty("ownerReferences", out var owners) && owners.ValueKind == JsonValueKind.Array)
        {
            foreach (var owner in owners.EnumerateArray())
            {
                // The controlling owner, as Prometheus's controller labels and upstream's workload names use.
                if (owner.TryGetProperty("controller", out var controller) && controller.ValueKind == JsonValueKind.True)
                {
                    (ownerKind, ownerName, ownerUid) = (String(owner, "kind") ?? "", String(owner, "name") ?? "", String(owner, "uid") ?? "");
                    break;
                }
            }
        }
        var containers = new List<string>();
        if (spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("containers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in list.EnumerateArray())
            {
                if (String(container, "name") is { Length: > 0 } containerName)
                {
                    containers.Add(containerName);
                }
            }
        }
        DateTimeOffset? started = null;
        if (status.ValueKind == JsonValueKind.Object && String(status, "startTime") is { } startTime
            && DateTimeOffset.TryParse(startTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            started = parsed;
        }
        return new PodMetadata
        {
            Name = name,
            Namespace = String(metadata, "namespace") ?? "",
            Uid = String(metadata, "uid") ?? "",
            NodeName = spec.ValueKind == JsonValueKind.Object ? String(spec, "nodeName") ?? "" : "",
            Ip = status.ValueKind == JsonValueKind.Object ? String(status, "podIP") ?? "" : "",
            StartTime = started,
            OwnerKind = ownerKind,
            OwnerName = ownerName,
            OwnerUid = ownerUid,
            Labels = Map(metadata, "labels"),
            Annotations = Map(metadata, "annotations"),
            Containers = [.. containers],
        };
    }

    public static NamespaceMetadata? Namespace(JsonElement ns) =>
        ns.TryGetProperty("metadata", out var metadata) && String(metadata, "name") is { Length: > 0 } name
            ? new NamespaceMetadata(name, Map(metadata, "labels"), Map(metadata, "annotations"))
            : null;

    private static string? String(JsonElement obj, string property) =>
        obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static KeyValuePair<string, string>[] Map(JsonElement metadata, string property)
    {
        if (!metadata.TryGetProperty(property, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.String)
            {
                pairs.Add(new(entry.Name, entry.Value.GetString()!));
            }
        }
        return [.. pairs];
    }
}
