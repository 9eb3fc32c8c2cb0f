using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// The part of an object's metadata that labels need: name, namespace, uid, and the labels and annotations that the
/// metadata filter keeps, already as Prometheus label pairs (<c>{role}_label_x</c> and <c>{role}_labelpresent_x</c>,
/// names shared through the <see cref="StringPool"/>). An array, not a dictionary: it is small and read in order.
/// </summary>
public sealed record ObjectMetadata(string Namespace, string Name, string Uid, KeyValuePair<string, string>[] Labels)
{
    /// <summary>Reads <c>metadata</c> of an object; <paramref name="role"/> (pod, service, node, namespace ...) names the label prefix.</summary>
    public static ObjectMetadata Read(JsonElement obj, string role, MetadataFilter filter, StringPool pool)
    {
        var metadata = obj.TryGetProperty("metadata", out var m) ? m : default;
        var pairs = new List<KeyValuePair<string, string>>();
        Pairs(metadata, "labels", pool.Concat(MetaLabels.Prefix, role + "_label_"), pool.Concat(MetaLabels.Prefix, role + "_labelpresent_"), filter, pool, poolValues: true, pairs);
        Pairs(metadata, "annotations", pool.Concat(MetaLabels.Prefix, role + "_annotation_"), pool.Concat(MetaLabels.Prefix, role + "_annotationpresent_"), filter, pool, poolValues: false, pairs);
        return new ObjectMetadata(pool.Get(Json.String(metadata, "namespace")), Json.String(metadata, "name"), Json.String(metadata, "uid"), pairs.ToArray());
    }

    /// <summary>Adds Prometheus's object-meta labels: <c>{role}_name</c>, labels, annotations and their <c>present</c> twins.</summary>
    public void AddTo(Dictionary<string, string> labels, string nameLabel)
    {
        labels[nameLabel] = Name;
        AddPairs(labels, Labels);
    }

    internal static void AddPairs(Dictionary<string, string> labels, KeyValuePair<string, string>[] pairs)
    {
        foreach (var (name, value) in pairs)
        {
            labels[name] = value;
        }
    }

    /// <summary>The entries of the map <paramref name="property"/> that the filter keeps, as value and presence label pairs.</summary>
    internal static void Pairs(JsonElement parent, string property, string prefix, string presentPrefix, MetadataFilter filter, StringPool pool, bool poolValues, List<KeyValuePair<string, string>> into)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var entry in map.EnumerateObject())
        {
            var name = MetaLabels.Sanitize(entry.Name);
            if (!filter.Keeps(prefix, presentPrefix, name))
            {
                continue;
            }
            var value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            into.Add(new(pool.Concat(prefix, name), poolValues ? pool.Get(value) : value));
            into.Add(new(pool.Concat(presentPrefix, name), MetaLabels.PresentValue));
        }
    }
}
