using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Configuration;

/// <summary>
/// Strict, position-aware access to one YAML mapping. Every key read is remembered, so
/// <see cref="RejectUnknownKeys"/> can refuse the keys nobody asked for with their line:
/// a misspelt option is an error, never silently ignored.
/// </summary>
public sealed partial class YamlMappingReader
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMappingReader(YamlMappingNode node, string file, string path, ConfigWarnings? warnings = null)
    {
        Node = node;
        File = file;
        Path = path;
        Warnings = warnings ?? new ConfigWarnings();
    }

    public YamlMappingNode Node { get; }
    public string File { get; }
    /// <summary>Dotted path of this mapping in the document, for messages.</summary>
    public string Path { get; }

    /// <summary>The warnings of the whole document this mapping belongs to.</summary>
    public ConfigWarnings Warnings { get; }

    /// <summary>A reader of a mapping found below this one by other means, sharing its warnings.</summary>
    public YamlMappingReader Nested(YamlMappingNode node, string path) => new(node, File, path, Warnings);

    /// <summary>Records a warning at a key of this mapping (or at the mapping when the key is absent).</summary>
    public void WarnAt(string key, string message)
    {
        var mark = FindEntry(key)?.Key.Start ?? Node.Start;
        Warnings.Add(new ConfigWarning(File, (int)mark.Line, (int)mark.Column, message));
    }

    /// <summary>Records a warning at this mapping.</summary>
    public void Warn(string message) =>
        Warnings.Add(new ConfigWarning(File, (int)Node.Start.Line, (int)Node.Start.Column, message));

    /// <summary>
    /// The error of a problem an options object found, at the key it names: a dotted key
    /// (<c>retry_on_failure.max_interval</c>) is followed through nested mappings as far as they exist.
    /// </summary>
    public ConfigException ErrorAt(ConfigProblem problem)
    {
        var message = $"{(problem.Key.Length == 0 ? Path : Qualified(problem.Key))}: {problem.Message}";
        if (problem.Key.Length == 0)
        {
            return Error(message);
        }
        YamlNode? node = Node;
        YamlNode mark = Node;
        foreach (var part in problem.Key.Split('.'))
        {
            // "name[i]" names item i of the list under "name".
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            var index = bracket > 0 && part.EndsWith(']') && int.TryParse(part[(bracket + 1)..^1], out var i) ? i : -1;
            if (node is not YamlMappingNode mapping || FindIn(mapping, name) is not { } entry)
            {
                break;
            }
            mark = entry.Key;
            node = entry.Value;
            if (index >= 0)
            {
                if (node is not YamlSequenceNode sequence || index >= sequence.Children.Count)
                {
                    break;
                }
                node = sequence.Children[index];
                mark = node;
            }
        }
        return ErrorAt(File, mark, message);
    }

    private static KeyValuePair<YamlNode, YamlNode>? FindIn(YamlMappingNode mapping, string key)
    {
        foreach (var child in mapping.Children)
        {
            if (child.Key is YamlScalarNode { Value: var k } && k == key)
            {
                return child;
            }
        }
        return null;
    }

    /// <summary>Throws the first of the problems, located at its key; does nothing when there are none.</summary>
    public void ThrowIfInvalid(IReadOnlyList<ConfigProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw ErrorAt(problems[0]);
        }
    }

    public IEnumerable<string> Keys =>
        Node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Find(key) is not null;

    public ConfigException Error(string reason) =>
        new(File, (int)Node.Start.Line, (int)Node.Start.Column, reason);

    public ConfigException ErrorAt(string key, string reason)
    {
        var entry = FindEntry(key);
        var mark = entry?.Key.Start ?? Node.Start;
        return new ConfigException(File, (int)mark.Line, (int)mark.Column, reason);
    }

    public static ConfigException ErrorAt(string file, YamlNode node, string reason) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, reason);

    public string? GetString(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }
        return Scalar(node, key);
    }

    public string GetRequiredString(string key) =>
        GetString(key) is { Length: > 0 } value ? value : throw Error($"{Qualified(key)} is required");

    public bool? GetBool(string key)
    {
        var text = GetString(key);
        return text switch
        {
            null => null,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw ErrorAt(key, $"{Qualified(key)}: \"{text}\" is not a boolean (true or false)"),
        };
    }

    public int? GetInt(string key)
    {
        var text = GetString(key);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw ErrorAt(key, $"{Qualified(key)}: \"{text}\" is not an integer");
        }
        return value;
    }

    /// <summary>A Prometheus duration such as <c>15s</c>, <c>1m30s</c> or <c>500ms</c>.</summary>
    public TimeSpan? GetDuration(string key)
    {
        var text = GetString(key);
        if (text is null)
        {
            return null;
        }
        if (!PrometheusDuration.TryParse(text, out var value))
        {
            throw ErrorAt(key, $"{Qualified(key)}: \"{text}\" is not a duration (examples: 15s, 1m30s, 500ms)");
        }
        return value;
    }

    public YamlMappingReader? GetMapping(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => null,
            YamlScalarNode { Value: null or "" or "~" or "null" } => new YamlMappingReader(new YamlMappingNode(), File, Qualified(key), Warnings),
            YamlMappingNode mapping => new YamlMappingReader(mapping, File, Qualified(key), Warnings),
            _ => throw ErrorAt(File, node, $"{Qualified(key)} must be a mapping"),
        };
    }

    public IReadOnlyList<YamlNode> GetSequence(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => [],
            YamlScalarNode { Value: null or "" or "~" or "null" } => [],
            YamlSequenceNode sequence => sequence.Children.ToList(),
            _ => throw ErrorAt(File, node, $"{Qualified(key)} must be a list"),
        };
    }

    public IReadOnlyList<YamlMappingReader> GetMappingSequence(string key)
    {
        var items = GetSequence(key);
        var readers = new List<YamlMappingReader>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMappingNode mapping)
            {
                throw ErrorAt(File, items[i], $"{Qualified(key)}[{i}] must be a mapping");
            }
            readers.Add(new YamlMappingReader(mapping, File, $"{Qualified(key)}[{i}]", Warnings));
        }
        return readers;
    }

    public IReadOnlyList<string> GetStringList(string key)
    {
        var items = GetSequence(key);
        var values = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            values.Add(Scalar(items[i], $"{key}[{i}]"));
        }
        return values;
    }

    public Dictionary<string, string> GetStringMap(string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var mapping = GetMapping(key);
        if (mapping is null)
        {
            return map;
        }
        foreach (var (k, v) in mapping.Node.Children)
        {
            var name = Scalar(k, key);
            map[name] = mapping.Scalar(v, name);
            mapping._read.Add(name);
        }
        return map;
    }

    /// <summary>Marks a key as handled by a caller that reads it in its own way.</summary>
    public void MarkRead(string key) => _read.Add(key);

    /// <summary>Refuses every key of this mapping that was not read, naming the ones that are allowed.</summary>
    public void RejectUnknownKeys(string? hint = null)
    {
        foreach (var (keyNode, _) in Node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!_read.Contains(key))
            {
                var known = _read.Count > 0 ? $" (known here: {string.Join(", ", _read.Order(StringComparer.Ordinal))})" : "";
                throw ErrorAt(File, keyNode, $"unknown key \"{key}\" in {(Path.Length == 0 ? "the top level" : Path)}{hint ?? known}");
            }
        }
    }

    public string Qualified(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private KeyValuePair<YamlNode, YamlNode>? FindEntry(string key)
    {
        foreach (var entry in Node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: var k } && k == key)
            {
                return entry;
            }
        }
        return null;
    }

    private YamlNode? Find(string key)
    {
        _read.Add(key);
        return FindEntry(key)?.Value;
    }

    private string Scalar(YamlNode node, string key)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw ErrorAt(File, node, $"{Qualified(key)} must be a single value");
        }
        var value = scalar.Value ?? "";
        return value.Contains('$', StringComparison.Ordinal) ? Expand(value, node) : value;
    }

    /// <summary>
    /// The Collector's expansion of a scalar: <c>${env:NAME}</c> and <c>${NAME}</c> are replaced by the
    /// variable, <c>${env:NAME:-fallback}</c> by the fallback when it is unset or empty, and <c>$$</c> is a
    /// literal dollar. An unset variable expands to an empty string with a warning, as in the Collector.
    /// </summary>
    public string Expand(string value, YamlNode at) =>
        EnvironmentReference().Replace(value, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }
            var name = match.Groups["name"].Value;
            var variable = Environment.GetEnvironmentVariable(name);
            if (match.Groups["fallback"].Success)
            {
                return string.IsNullOrEmpty(variable) ? match.Groups["fallback"].Value : variable;
            }
            if (variable is null)
            {
                // Once per variable, at its first use: the same unset variable is usually written in many places.
                Warnings.AddOnce(new ConfigWarning(File, (int)at.Start.Line, (int)at.Start.Column,
                    $"environment variable {name} is not set: {match.Value} expands to an empty string"));
            }
            return variable ?? "";
        });

    [GeneratedRegex(@"\$\$|\$\{(?:env:)?(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<fallback>[^}]*))?\}")]
    private static partial Regex EnvironmentReference();
}
