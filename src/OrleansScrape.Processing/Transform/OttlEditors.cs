using System.Text.RegularExpressions;

namespace OrleansScrape.Processing.Transform;

/// <summary>An editor: the function a statement calls to change the data.</summary>
internal abstract class OttlEditor
{
    public abstract void Execute(OttlScope scope);
}

internal sealed class OttlSet(OttlPath target, OttlExpression value) : OttlEditor
{
    public override void Execute(OttlScope scope) => target.Set(scope, value.Evaluate(scope));
}

internal sealed class OttlDeleteKey(OttlPath map, OttlExpression key) : OttlEditor
{
    public override void Execute(OttlScope scope)
    {
        if (key.Evaluate(scope) is string name)
        {
            map.Map(scope).Remove(name);
        }
    }
}

internal sealed class OttlDeleteMatchingKeys(OttlPath map, Regex pattern) : OttlEditor
{
    public override void Execute(OttlScope scope)
    {
        var target = map.Map(scope);
        foreach (var key in target.KeySnapshot())
        {
            if (OttlRegex.IsMatch(pattern, key))
            {
                target.Remove(key);
            }
        }
    }
}

internal sealed class OttlKeepKeys(OttlPath map, IReadOnlySet<string> keys) : OttlEditor
{
    public override void Execute(OttlScope scope)
    {
        var target = map.Map(scope);
        foreach (var key in target.KeySnapshot())
        {
            if (!keys.Contains(key))
            {
                target.Remove(key);
            }
        }
    }
}

/// <summary><c>replace_pattern(target, regex, replacement)</c>: only string values change; <c>$1</c> names a group.</summary>
internal sealed class OttlReplacePattern(OttlPath target, Regex pattern, OttlExpression replacement) : OttlEditor
{
    public override void Execute(OttlScope scope)
    {
        if (target.Evaluate(scope) is string text && replacement.Evaluate(scope) is string with)
        {
            var replaced = OttlRegex.Replace(pattern, text, with);
            if (!string.Equals(replaced, text, StringComparison.Ordinal))
            {
                target.Set(scope, replaced);
            }
        }
    }
}

/// <summary><c>replace_all_patterns(map, "key"|"value", regex, replacement)</c>: every key or every string value; the map keeps its order.</summary>
internal sealed class OttlReplaceAllPatterns(OttlPath map, bool keys, Regex pattern, OttlExpression replacement) : OttlEditor
{
    public override void Execute(OttlScope scope)
    {
        if (replacement.Evaluate(scope) is not string with)
        {
            return;
        }
        if (keys)
        {
            map.Map(scope).ReplaceKeys(pattern, with);
        }
        else
        {
            map.Map(scope).ReplaceStringValues(pattern, with);
        }
    }
}

internal enum MergeStrategy
{
    Insert,
    Update,
    Upsert,
}

/// <summary><c>merge_maps(target, source, strategy)</c>: insert adds new keys, update changes existing ones, upsert does both.</summary>
internal sealed class OttlMergeMaps(OttlPath map, OttlExpression source, MergeStrategy strategy) : OttlEditor
{
    public override void Execute(OttlScope scope)
    {
        var value = source.Evaluate(scope);
        if (value is not Dictionary<string, object?> entries)
        {
            throw new OttlRuntimeException($"merge_maps needs a map to merge, not a {OttlValues.TypeName(value)}");
        }
        var target = map.Map(scope);
        foreach (var (key, item) in entries)
        {
            var exists = target.TryGet(key, out _);
            if ((exists && strategy != MergeStrategy.Insert) || (!exists && strategy != MergeStrategy.Update))
            {
                target.Set(key, item);
            }
        }
    }
}

/// <summary>One parsed statement: an editor and an optional condition.</summary>
internal sealed class OttlStatement(string text, OttlEditor editor, OttlCondition? condition)
{
    public string Text { get; } = text;

    public void Execute(OttlScope scope)
    {
        if (condition is null || condition.Test(scope))
        {
            editor.Execute(scope);
        }
    }
}
