using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Reads Prometheus's target-group format, <c>[{"targets": ["host:port"], "labels": {"name": "value"}}]</c>,
/// from JSON or YAML with the rules of Prometheus's decoder: unknown fields are refused, a null group
/// is an error, label names must be valid, and every group gets its <c>Source</c> (<c>origin:index</c>)
/// and the discovery's meta label. Any problem rejects the whole document, so callers keep their last good set.
/// </summary>
public static partial class TargetGroupParser
{
    public const string AddressLabel = "__address__";

    private const string TargetsKey = "targets";
    private const string LabelsKey = "labels";

    /// <summary>Parses a JSON document; <paramref name="origin"/> prefixes each group's Source.</summary>
    public static IReadOnlyList<TargetGroup> ParseJson(ReadOnlyMemory<byte> content, string origin, string metaLabel, string metaValue)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            // System.Text.Json appends the position, which the exception carries separately.
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = cut > 0 ? reason[..cut] : reason;
            throw new TargetGroupFormatException($"invalid JSON: {reason}", (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new TargetGroupFormatException($"expected a JSON array of target groups, found {Kind(root.ValueKind)}");
            }
            var groups = new List<TargetGroup>(root.GetArrayLength());
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                groups.Add(ReadJsonGroup(item, index, origin, metaLabel, metaValue));
                index++;
            }
            return groups;
        }
    }

    /// <summary>Parses a YAML document; <paramref name="origin"/> prefixes each group's Source.</summary>
    public static IReadOnlyList<TargetGroup> ParseYaml(string content, string origin, string metaLabel, string metaValue)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes the position, which the exception carries separately.
            var cut = reason.IndexOf("): ", StringComparison.Ordinal);
            if (reason.StartsWith("(Line", StringComparison.Ordinal) && cut > 0)
            {
                reason = reason[(cut + 3)..];
            }
            throw new TargetGroupFormatException($"invalid YAML: {reason}", (int)e.Start.Line, (int)e.Start.Column);
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return [];
        }
        if (stream.Documents.Count > 1)
        {
            throw Error(stream.Documents[1].RootNode, "expected a single YAML document");
        }
        if (stream.Documents[0].RootNode is not YamlSequenceNode sequence)
        {
            throw Error(stream.Documents[0].RootNode, "expected a list of target groups");
        }
        var groups = new List<TargetGroup>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            groups.Add(ReadYamlGroup(sequence.Children[i], i, origin, metaLabel, metaValue));
        }
        return groups;
    }

    public static bool IsValidLabelName(string name) => LabelName().IsMatch(name);

    private static TargetGroup ReadJsonGroup(JsonElement item, int index, string origin, string metaLabel, string metaValue)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            throw new TargetGroupFormatException($"group {index}: nil target group item found");
        }
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new TargetGroupFormatException($"group {index}: expected an object with targets and labels, found {Kind(item.ValueKind)}");
        }

        var targets = new List<IReadOnlyDictionary<string, string>>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            // Go's encoding/json matches field names case-insensitively; a repeated field replaces the earlier one.
            if (string.Equals(property.Name, TargetsKey, StringComparison.OrdinalIgnoreCase))
            {
                targets.Clear();
                ReadJsonTargets(property.Value, index, targets);
            }
            else if (string.Equals(property.Name, LabelsKey, StringComparison.OrdinalIgnoreCase))
            {
                labels.Clear();
                ReadJsonLabels(property.Value, index, labels);
            }
            else
            {
                throw new TargetGroupFormatException($"group {index}: unknown field \"{property.Name}\"");
            }
        }
        return Group(origin, index, targets, labels, metaLabel, metaValue);
    }

    private static void ReadJsonTargets(JsonElement value, int index, List<IReadOnlyDictionary<string, string>> targets)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new TargetGroupFormatException($"group {index}: targets must be a list of strings, found {Kind(value.ValueKind)}");
        }
        var j = 0;
        foreach (var target in value.EnumerateArray())
        {
            if (target.ValueKind != JsonValueKind.String)
            {
                throw new TargetGroupFormatException($"group {index}: targets[{j}] must be a string, found {Kind(target.ValueKind)}");
            }
            targets.Add(Target(target.GetString()!, index, j));
            j++;
        }
    }

    private static void ReadJsonLabels(JsonElement value, int index, Dictionary<string, string> labels)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new TargetGroupFormatException($"group {index}: labels must be a mapping of label names to strings, found {Kind(value.ValueKind)}");
        }
        foreach (var label in value.EnumerateObject())
        {
            CheckLabelName(label.Name, index);
            labels[label.Name] = label.Value.ValueKind switch
            {
                JsonValueKind.String => label.Value.GetString()!,
                // Go decodes a JSON null into a string as the empty string, and Prometheus treats "" as absent.
                JsonValueKind.Null => "",
                _ => throw new TargetGroupFormatException($"group {index}: value of label \"{label.Name}\" must be a string, found {Kind(label.Value.ValueKind)}"),
            };
        }
    }

    private static TargetGroup ReadYamlGroup(YamlNode item, int index, string origin, string metaLabel, string metaValue)
    {
        if (IsNull(item))
        {
            throw Error(item, $"group {index}: nil target group item found");
        }
        if (item is not YamlMappingNode mapping)
        {
            throw Error(item, $"group {index}: expected a mapping with targets and labels");
        }

        var targets = new List<IReadOnlyDictionary<string, string>>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case TargetsKey:
                    ReadYamlTargets(value, index, targets);
                    break;
                case LabelsKey:
                    ReadYamlLabels(value, index, labels);
                    break;
                default:
                    // yaml.UnmarshalStrict: a field the format does not have is an error.
                    throw Error(keyNode, $"group {index}: unknown field \"{key}\"");
            }
        }
        return Group(origin, index, targets, labels, metaLabel, metaValue);
    }

    private static void ReadYamlTargets(YamlNode value, int index, List<IReadOnlyDictionary<string, string>> targets)
    {
        if (IsNull(value))
        {
            return;
        }
        if (value is not YamlSequenceNode sequence)
        {
            throw Error(value, $"group {index}: targets must be a list of strings");
        }
        for (var j = 0; j < sequence.Children.Count; j++)
        {
            if (sequence.Children[j] is not YamlScalarNode scalar)
            {
                throw Error(sequence.Children[j], $"group {index}: targets[{j}] must be a string");
            }
            try
            {
                targets.Add(Target(IsNull(scalar) ? "" : scalar.Value ?? "", index, j));
            }
            catch (TargetGroupFormatException e)
            {
                throw Error(scalar, e.Reason);
            }
        }
    }

    private static void ReadYamlLabels(YamlNode value, int index, Dictionary<string, string> labels)
    {
        if (IsNull(value))
        {
            return;
        }
        if (value is not YamlMappingNode mapping)
        {
            throw Error(value, $"group {index}: labels must be a mapping of label names to strings");
        }
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!IsValidLabelName(name))
            {
                throw Error(keyNode, LabelNameReason(name, index));
            }
            if (valueNode is not YamlScalarNode scalar)
            {
                throw Error(valueNode, $"group {index}: value of label \"{name}\" must be a string");
            }
            labels[name] = IsNull(scalar) ? "" : scalar.Value ?? "";
        }
    }

    private static Dictionary<string, string> Target(string address, int index, int position)
    {
        if (address.Length == 0)
        {
            throw new TargetGroupFormatException($"group {index}: targets[{position}] is empty");
        }
        // Prometheus's CheckTargetAddress: a target is host:port, a URL (anything with a slash) is refused.
        if (address.Contains('/'))
        {
            throw new TargetGroupFormatException($"group {index}: \"{address}\" is not a valid hostname");
        }
        return new Dictionary<string, string>(1, StringComparer.Ordinal) { [AddressLabel] = address };
    }

    private static void CheckLabelName(string name, int index)
    {
        if (!IsValidLabelName(name))
        {
            throw new TargetGroupFormatException(LabelNameReason(name, index));
        }
    }

    private static string LabelNameReason(string name, int index) => $"group {index}: \"{name}\" is not a valid label name";

    private static TargetGroup Group(string origin, int index, List<IReadOnlyDictionary<string, string>> targets,
        Dictionary<string, string> labels, string metaLabel, string metaValue)
    {
        // As Prometheus: the discovery's meta label is set last, so a group cannot forge it.
        labels[metaLabel] = metaValue;
        return new TargetGroup { Source = $"{origin}:{index}", Targets = targets, Labels = labels };
    }

    // Plain null forms of YAML; a quoted "null" is the string null.
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static TargetGroupFormatException Error(YamlNode node, string reason) =>
        new(reason, (int)node.Start.Line, (int)node.Start.Column);

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
