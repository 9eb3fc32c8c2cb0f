using System.Text.RegularExpressions;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Transform;

/// <summary>A map a statement can read and change: an attribute set or the <c>cache</c>.</summary>
internal interface IOttlMap
{
    bool TryGet(string key, out object? value);

    void Set(string key, object? value);

    bool Remove(string key);

    /// <summary>The keys, as a copy the caller may change the map while walking.</summary>
    string[] KeySnapshot();

    /// <summary>A copy of the map as a value.</summary>
    Dictionary<string, object?> ToValue();

    /// <summary>
    /// Replaces the pattern in every key, in the map's order; a key renamed onto one already written
    /// keeps that key's place and takes the later value, as upstream's rebuilt map.
    /// </summary>
    void ReplaceKeys(Regex pattern, string replacement);

    /// <summary>Replaces the pattern in every string value.</summary>
    void ReplaceStringValues(Regex pattern, string replacement);
}

/// <summary>Attributes of a resource or point: string values in their order, edited in place.</summary>
internal sealed class AttributeMap : IOttlMap
{
    public List<Attribute> Items { get; } = new();

    public void Load(ReadOnlySpan<Attribute> attributes)
    {
        Items.Clear();
        Items.AddRange(attributes);
    }

    public bool TryGet(string key, out object? value)
    {
        foreach (var item in Items)
        {
            if (item.Key == key)
            {
                value = item.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public void Set(string key, object? value)
    {
        if (OttlValues.ToAttributeText(value) is not { } text)
        {
            return;
        }
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i].Key == key)
            {
                Items[i] = new Attribute(key, text);
                return;
            }
        }
        Items.Add(new Attribute(key, text));
    }

    public bool Remove(string key)
    {
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i].Key == key)
            {
                Items.RemoveAt(i);
                return true;
            }
        }
        return false;
    }

    public string[] KeySnapshot() => Items.Select(i => i.Key).ToArray();

    public Dictionary<string, object?> ToValue() =>
        Items.Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (map, item) => { map[item.Key] = item.Value; return map; });

    // In place, without allocating per point: items before `written` are the rebuilt map so far.
    public void ReplaceKeys(Regex pattern, string replacement)
    {
        var written = 0;
        for (var read = 0; read < Items.Count; read++)
        {
            var item = Items[read];
            var key = OttlRegex.Replace(pattern, item.Key, replacement);
            var existing = IndexOf(key, written);
            if (existing >= 0)
            {
                Items[existing] = new Attribute(key, item.Value);
                continue;
            }
            Items[written++] = ReferenceEquals(key, item.Key) ? item : new Attribute(key, item.Value);
        }
        Items.RemoveRange(written, Items.Count - written);
    }

    public void ReplaceStringValues(Regex pattern, string replacement)
    {
        for (var i = 0; i < Items.Count; i++)
        {
            var value = OttlRegex.Replace(pattern, Items[i].Value, replacement);
            if (!ReferenceEquals(value, Items[i].Value))
            {
                Items[i] = Items[i] with { Value = value };
            }
        }
    }

    private int IndexOf(string key, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (Items[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>The <c>cache</c> map: any value, cleared for every resource or point a context visits.</summary>
internal sealed class CacheMap : IOttlMap
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public bool TryGet(string key, out object? value) => Values.TryGetValue(key, out value);

    public void Set(string key, object? value)
    {
        if (value is not null)
        {
            Values[key] = value;
        }
    }

    public bool Remove(string key) => Values.Remove(key);

    public string[] KeySnapshot() => Values.Keys.ToArray();

    public Dictionary<string, object?> ToValue() => new(Values, StringComparer.Ordinal);

    public void ReplaceKeys(Regex pattern, string replacement)
    {
        var entries = Values.ToArray();
        Values.Clear();
        foreach (var (key, value) in entries)
        {
            Values[OttlRegex.Replace(pattern, key, replacement)] = value;
        }
    }

    public void ReplaceStringValues(Regex pattern, string replacement)
    {
        foreach (var key in KeySnapshot())
        {
            if (Values[key] is string text)
            {
                Values[key] = OttlRegex.Replace(pattern, text, replacement);
            }
        }
    }
}
