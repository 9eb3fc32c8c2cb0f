using OrleansScrape.Configuration;
using System.Globalization;
using OrleansScrape.Prometheus.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Reads <c>relabel_configs</c> and <c>metric_relabel_configs</c> with Prometheus's field names,
/// defaults and validation, refusing unknown keys and reporting problems at the offending key's line.
/// <para>
/// Values are taken verbatim, without the <c>${NAME}</c> environment expansion other settings get:
/// in these fields <c>${name}</c> and <c>$1</c> are references to regex groups, as in Prometheus.
/// A YAML null gives the field Go's zero value (empty text, no labels, modulus 0), as in Prometheus.
/// </para>
/// </summary>
public static class RelabelConfigReader
{
    private static readonly string[] Fields = ["source_labels", "separator", "target_label", "regex", "modulus", "replacement", "action"];

    /// <summary>Reads the list under <paramref name="key"/>; an absent or null key is an empty list.</summary>
    public static IReadOnlyList<RelabelConfig> ReadList(YamlMappingReader parent, string key)
    {
        var items = parent.GetSequence(key);
        var configs = new List<RelabelConfig>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{parent.Qualified(key)}[{i}]";
            configs.Add(items[i] switch
            {
                YamlMappingNode mapping => Read(new YamlMappingReader(mapping, parent.File, path)),
                var node when IsNull(node) => throw YamlMappingReader.ErrorAt(parent.File, node, $"{path}: empty or null relabeling rule"),
                var node => throw YamlMappingReader.ErrorAt(parent.File, node, $"{path} must be a mapping"),
            });
        }
        return configs;
    }

    /// <summary>Reads and validates one rule.</summary>
    /// <exception cref="ConfigException">The rule is not valid; the exception points at the offending line.</exception>
    public static RelabelConfig Read(YamlMappingReader entry)
    {
        foreach (var field in Fields)
        {
            entry.MarkRead(field);
        }
        entry.RejectUnknownKeys();

        var sourceLabels = ReadSourceLabels(entry);
        var regexText = ReadText(entry, "regex");
        var regex = RelabelRegex.Default;
        if (regexText is not null && !RelabelRegex.TryParse(regexText, out regex, out var regexError))
        {
            throw entry.ErrorAt("regex", $"{entry.Path}: {regexError}");
        }
        var config = new RelabelConfig
        {
            SourceLabels = sourceLabels ?? [],
            Separator = ReadText(entry, "separator") ?? RelabelConfig.DefaultSeparator,
            TargetLabel = ReadText(entry, "target_label") ?? "",
            Regex = regex,
            Modulus = ReadModulus(entry),
            Replacement = ReadText(entry, "replacement") ?? RelabelConfig.DefaultReplacement,
            Action = ReadAction(entry),
        };

        if (config.Validate(sourceLabelsSet: sourceLabels is not null) is { } problem)
        {
            var reason = $"{entry.Path}: {problem.Message}";
            throw problem.Key is not null && Find(entry, problem.Key) is not null ? entry.ErrorAt(problem.Key, reason) : entry.Error(reason);
        }
        return config;
    }

    // Null when the key is absent or null (Go's nil slice); a list, possibly empty, otherwise.
    private static List<string>? ReadSourceLabels(YamlMappingReader entry)
    {
        var node = Find(entry, "source_labels");
        if (node is null || IsNull(node))
        {
            return null;
        }
        if (node is not YamlSequenceNode sequence)
        {
            throw YamlMappingReader.ErrorAt(entry.File, node, $"{entry.Qualified("source_labels")} must be a list of label names");
        }
        var names = new List<string>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            var name = item switch
            {
                _ when IsNull(item) => "",
                YamlScalarNode scalar => scalar.Value ?? "",
                _ => throw YamlMappingReader.ErrorAt(entry.File, item, $"{entry.Qualified("source_labels")} must be a list of label names"),
            };
            if (!LabelNames.IsValid(name))
            {
                throw YamlMappingReader.ErrorAt(entry.File, item, $"{entry.Path}: {GoStrings.Quote(name)} is not a valid label name");
            }
            names.Add(name);
        }
        return names;
    }

    private static ulong ReadModulus(YamlMappingReader entry)
    {
        var text = ReadText(entry, "modulus");
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        if (!ulong.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var modulus) || text.StartsWith('-'))
        {
            throw entry.ErrorAt("modulus", $"{entry.Path}: modulus {GoStrings.Quote(text)} is not a non-negative integer");
        }
        return modulus;
    }

    private static RelabelAction ReadAction(YamlMappingReader entry)
    {
        var node = Find(entry, "action");
        if (node is null)
        {
            return RelabelAction.Replace;
        }
        if (IsNull(node))
        {
            throw entry.ErrorAt("action", $"{entry.Path}: relabel action cannot be empty");
        }
        var text = ReadText(entry, "action")!;
        return RelabelActionNames.TryParse(text, out var action)
            ? action
            : throw entry.ErrorAt("action", $"{entry.Path}: unknown relabel action {GoStrings.Quote(text)}");
    }

    // Null when absent, "" when null, the scalar's text verbatim otherwise.
    private static string? ReadText(YamlMappingReader entry, string key)
    {
        var node = Find(entry, key);
        return node switch
        {
            null => null,
            _ when IsNull(node) => "",
            YamlScalarNode scalar => scalar.Value ?? "",
            _ => throw YamlMappingReader.ErrorAt(entry.File, node, $"{entry.Qualified(key)} must be a single value"),
        };
    }

    private static YamlNode? Find(YamlMappingReader entry, string key)
    {
        foreach (var (name, value) in entry.Node.Children)
        {
            if (name is YamlScalarNode { Value: var text } && text == key)
            {
                return value;
            }
        }
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
