using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansScrape.Processing.Transform;

/// <summary>
/// Runtime values of OTTL statements: null (nil), string, long, double, bool, a map
/// (<see cref="Dictionary{TKey,TValue}"/> of string to value) or a list (<see cref="List{T}"/> of values).
/// </summary>
internal static class OttlValues
{
    // Conditions run per data point: boxed booleans are shared, not allocated per evaluation.
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Box(bool value) => value ? True : False;

    /// <summary>
    /// The text an attribute gets for a value: the model's attributes are strings, so numbers and
    /// booleans become their invariant text and maps and lists their JSON text. Null stays null.
    /// </summary>
    public static string? ToAttributeText(object? value) => value switch
    {
        null => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => ToJson(value)!.ToJsonString(),
    };

    public static new bool Equals(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (bool a, bool b) => a == b,
        _ when AsNumber(left) is { } a && AsNumber(right) is { } b => a == b,
        _ => false,
    };

    /// <summary>Orders two numbers or two strings; null when they cannot be ordered (the comparison is then false, as upstream).</summary>
    public static int? Compare(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        _ when AsNumber(left) is { } a && AsNumber(right) is { } b => a.CompareTo(b),
        _ => null,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        string => "string",
        long => "int",
        double => "float",
        bool => "bool",
        Dictionary<string, object?> => "map",
        List<object?> => "list",
        _ => value.GetType().Name,
    };

    /// <summary>A JSON document as a value: objects become maps, arrays lists, integral numbers int.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal),
            (map, property) => { map[property.Name] = FromJson(property.Value); return map; }),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        Dictionary<string, object?> map => new JsonObject(map.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, ToJson(p.Value)))),
        List<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static double? AsNumber(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => null,
    };
}
