using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// The part of an object's metadata that labels need: name, namespace, and the labels and annotations that the
/// metadata filter keeps, with their keys already sanitized. Arrays, not dictionaries: they are small and read in order.
/// </summary>
public sealed record ObjectMetadata(string Namespace, string Name, string Uid, KeyValuePair<string, string>[] Labels, KeyValuePair<string, string>[] Annotations)
{
    /// <summary>Reads <c>metadata</c> of an object; <paramref name="role"/> names the label prefix (pod, service ...) the filter checks.</summary>
    public static ObjectMetadata Read(JsonElement obj, string role, MetadataFilter filter, StringPool pool)
    {
        var metadata = obj.TryGetProperty("metadata", out var m) ? m : default;
        return new ObjectMetadata(
            pool.Get(Json.String(metadata, "namespace")),
            Json.String(metadata, "name"),
            Json.String(metadata, "uid"),
            Pairs(metadata, "labels", $"{MetaLabels.Prefix}{role}_label_", $"{MetaLabels.Prefix}{role}_labelpresent_", filter, pool, poolValues: true),
            Pairs(metadata, "annotations", $"{MetaLabels.Prefix}{role}_annotation_", $"{MetaLabels.Prefix}{role}_annotationpresent_", filter, pool, poolValues: false));
    }

    /// <summary>Adds Prometheus's object-meta labels: <c>{role}_name</c>, labels, annotations and their <c>present</c> twins.</summary>
    public void AddTo(Dictionary<string, string> labels, string role)
    {
        labels[$"{MetaLabels.Prefix}{role}_name"] = Name;
        AddPairs(labels, Labels, $"{MetaLabels.Prefix}{role}_label_", $"{MetaLabels.Prefix}{role}_labelpresent_");
        AddPairs(labels, Annotations, $"{MetaLabels.Prefix}{role}_annotation_", $"{MetaLabels.Prefix}{role}_annotationpresent_");
    }

    internal static void AddPairs(Dictionary<string, string> labels, KeyValuePair<string, string>[] pairs, string prefix, string presentPrefix)
    {
        foreach (var (name, value) in pairs)
        {
            labels[prefix + name] = value;
            labels[presentPrefix + name] = MetaLabels.PresentValue;
        }
    }

    internal static KeyValuePair<string, string>[] Pairs(JsonElement parent, string property, string prefix, string presentPrefix, MetadataFilter filter, StringPool pool, bool poolValues)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        List<KeyValuePair<string, string>>? kept = null;
        foreach (var entry in map.EnumerateObject())
        {
            var name = pool.Get(MetaLabels.Sanitize(entry.Name));
            if (!filter.Keeps(prefix, presentPrefix, name))
            {
                continue;
            }
            var value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            (kept ??= []).Add(new(name, poolValues ? pool.Get(value) : value));
        }
        return kept?.ToArray() ?? [];
    }
}
