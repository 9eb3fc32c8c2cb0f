using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansScrape.Processing.Transform;

/// <summary>A value of a statement: a literal, a path, a list or a converter call.</summary>
internal abstract class OttlExpression
{
    public abstract object? Evaluate(OttlScope scope);
}

internal sealed class OttlLiteral(object? value) : OttlExpression
{
    public object? Value { get; } = value;

    public override object? Evaluate(OttlScope scope) => Value;
}

internal sealed class OttlList(IReadOnlyList<OttlExpression> items) : OttlExpression
{
    public IReadOnlyList<OttlExpression> Items { get; } = items;

    public override object? Evaluate(OttlScope scope) => Items.Select(i => i.Evaluate(scope)).ToList();
}

internal enum OttlPathTarget
{
    ResourceAttributes,
    PointAttributes,
    Cache,
    MetricName,
    MetricDescription,
}

/// <summary>A path: a map (<c>attributes</c>, <c>resource.attributes</c>, <c>cache</c>), one key of it, or a metric field.</summary>
internal sealed class OttlPath(OttlPathTarget target, string? key, string text) : OttlExpression
{
    public OttlPathTarget Target { get; } = target;
    public string? Key { get; } = key;
    public string Text { get; } = text;

    public bool IsMap => Key is null && Target is OttlPathTarget.ResourceAttributes or OttlPathTarget.PointAttributes or OttlPathTarget.Cache;

    public IOttlMap Map(OttlScope scope) => Target switch
    {
        OttlPathTarget.ResourceAttributes => scope.Resource,
        OttlPathTarget.PointAttributes => scope.Point,
        OttlPathTarget.Cache => scope.Cache,
        _ => throw new InvalidOperationException($"{Text} is not a map"),
    };

    public override object? Evaluate(OttlScope scope)
    {
        switch (Target)
        {
            case OttlPathTarget.MetricName:
                return scope.MetricName;
            case OttlPathTarget.MetricDescription:
                return scope.MetricDescription;
        }
        var map = Map(scope);
        if (Key is null)
        {
            return map.ToValue();
        }
        return map.TryGet(Key, out var value) ? value : null;
    }

    public void Set(OttlScope scope, object? value)
    {
        // Setting nil does nothing, as upstream's set.
        if (value is null)
        {
            return;
        }
        switch (Target)
        {
            case OttlPathTarget.MetricName:
                scope.MetricName = value as string ?? throw new OttlRuntimeException($"{Text} must be set to a string, not a {OttlValues.TypeName(value)}");
                return;
            case OttlPathTarget.MetricDescription:
                scope.MetricDescription = value as string ?? throw new OttlRuntimeException($"{Text} must be set to a string, not a {OttlValues.TypeName(value)}");
                return;
        }
        var map = Map(scope);
        if (Key is not null)
        {
            map.Set(Key, value);
            return;
        }
        if (value is not Dictionary<string, object?> replacement)
        {
            throw new OttlRuntimeException($"{Text} must be set to a map, not a {OttlValues.TypeName(value)}");
        }
        foreach (var key in map.KeySnapshot())
        {
            map.Remove(key);
        }
        foreach (var (key, item) in replacement)
        {
            map.Set(key, item);
        }
    }
}

/// <summary><c>ParseJSON(value)</c>: a JSON object becomes a map, an array a list.</summary>
internal sealed class OttlParseJson(OttlExpression argument) : OttlExpression
{
    public override object? Evaluate(OttlScope scope)
    {
        if (argument.Evaluate(scope) is not string text)
        {
            throw new OttlRuntimeException("ParseJSON needs a string");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return OttlValues.FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new OttlRuntimeException($"ParseJSON: the text is not JSON: {e.Message}");
        }
    }
}

/// <summary><c>Concat([values], delimiter)</c>: nil values are written as <c>&lt;nil&gt;</c>, as upstream.</summary>
internal sealed class OttlConcat(OttlExpression values, OttlExpression delimiter) : OttlExpression
{
    public override object? Evaluate(OttlScope scope)
    {
        var separator = delimiter.Evaluate(scope) as string ?? throw new OttlRuntimeException("Concat: the delimiter must be a string");
        var items = values.Evaluate(scope) as List<object?> ?? throw new OttlRuntimeException("Concat needs a list");
        return string.Join(separator, items.Select(i => OttlValues.ToAttributeText(i) ?? "<nil>"));
    }
}

/// <summary><c>IsMatch(value, pattern)</c>: false for nil; numbers and booleans match as their text.</summary>
internal sealed class OttlIsMatch(OttlExpression target, Regex pattern) : OttlExpression
{
    public override object? Evaluate(OttlScope scope) => target.Evaluate(scope) switch
    {
        null => OttlValues.False,
        string s => OttlValues.Box(OttlRegex.IsMatch(pattern, s)),
        Dictionary<string, object?> or List<object?> => throw new OttlRuntimeException("IsMatch needs a string, not a map or list"),
        var other => OttlValues.Box(OttlRegex.IsMatch(pattern, OttlValues.ToAttributeText(other)!)),
    };
}

internal sealed class OttlIsString(OttlExpression argument) : OttlExpression
{
    public override object? Evaluate(OttlScope scope) => OttlValues.Box(argument.Evaluate(scope) is string);
}

/// <summary><c>Len(value)</c>: characters of a string, entries of a map or list.</summary>
internal sealed class OttlLen(OttlExpression argument) : OttlExpression
{
    public override object? Evaluate(OttlScope scope) => argument.Evaluate(scope) switch
    {
        string s => (long)s.Length,
        Dictionary<string, object?> map => (long)map.Count,
        List<object?> list => (long)list.Count,
        var other => throw new OttlRuntimeException($"Len needs a string, map or list, not a {OttlValues.TypeName(other)}"),
    };
}
