using OrleansScrape.Configuration;
using System.Globalization;
using System.Text.Json;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// Typed access to the fields of one JSON object as the API server serves it. Absent and null
/// fields read as null; a field of the wrong type throws <see cref="CustomResourceException"/>
/// naming its path. Unknown fields are never looked at, so newer CRD versions still parse.
/// </summary>
internal readonly struct JsonFields(JsonElement element, string path)
{
    public JsonElement Element { get; } = element;
    public string Path { get; } = path;

    public static JsonFields Of(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? new JsonFields(element, path) : throw new CustomResourceException($"{path} must be an object");

    public bool Has(string name) => Find(name) is not null;

    public string Qualified(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public JsonElement? Find(string name) =>
        Element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;

    public string? String(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw Wrong(name, "a string"),
    };

    public bool? Bool(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Wrong(name, "true or false"),
    };

    public ulong? UInt64(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetUInt64(out var number) => number,
        _ => throw Wrong(name, "a non-negative integer"),
    };

    public int? Int32(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        _ => throw Wrong(name, "an integer"),
    };

    /// <summary>A Prometheus duration such as <c>30s</c> or <c>1m30s</c>.</summary>
    public TimeSpan? Duration(string name)
    {
        var text = String(name);
        if (text is null || text.Length == 0)
        {
            return null;
        }
        return PrometheusDuration.TryParse(text, out var value)
            ? value
            : throw new CustomResourceException($"{Qualified(name)}: \"{text}\" is not a duration (examples: 30s, 1m30s)");
    }

    /// <summary>A byte size such as <c>10MB</c>.</summary>
    public long? ByteSizeValue(string name)
    {
        var text = String(name);
        if (text is null || text.Length == 0)
        {
            return null;
        }
        return ByteSize.TryParse(text, out var value)
            ? value
            : throw new CustomResourceException($"{Qualified(name)}: \"{text}\" is not a byte size (examples: 512KB, 10MB)");
    }

    public JsonFields? Object(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => new JsonFields(value, Qualified(name)),
        _ => throw Wrong(name, "an object"),
    };

    public IReadOnlyList<JsonFields> Objects(string name)
    {
        var items = Array(name);
        var result = new List<JsonFields>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(Of(items[i], $"{Qualified(name)}[{i}]"));
        }
        return result;
    }

    public IReadOnlyList<string> Strings(string name)
    {
        var items = Array(name);
        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(items[i].ValueKind == JsonValueKind.String
                ? items[i].GetString()!
                : throw new CustomResourceException($"{Qualified(name)}[{i}] must be a string"));
        }
        return result;
    }

    public IReadOnlyDictionary<string, string> StringMap(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(name) is not { } obj)
        {
            return map;
        }
        foreach (var property in obj.Element.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new CustomResourceException($"{obj.Qualified(property.Name)} must be a string");
        }
        return map;
    }

    /// <summary>A map of string lists, as <c>params</c> is.</summary>
    public IReadOnlyDictionary<string, string[]> StringListMap(string name)
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Object(name) is not { } obj)
        {
            return map;
        }
        foreach (var property in obj.Element.EnumerateObject())
        {
            map[property.Name] = [.. obj.Strings(property.Name)];
        }
        return map;
    }

    /// <summary>An IntOrString field: its text and whether it was a number.</summary>
    public (string Text, bool IsNumber)? IntOrString(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => (value.GetString()!, false),
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => (number.ToString(CultureInfo.InvariantCulture), true),
        _ => throw Wrong(name, "a name or a number"),
    };

    private IReadOnlyList<JsonElement> Array(string name) => Find(name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } value => [.. value.EnumerateArray()],
        _ => throw Wrong(name, "a list"),
    };

    private CustomResourceException Wrong(string name, string expected) => new($"{Qualified(name)} must be {expected}");
}
