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
}
