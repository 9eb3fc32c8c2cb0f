namespace OrleansScrape.Configuration;

/// <summary>A Collector component id: <c>type</c> or <c>type/name</c>, e.g. <c>otlphttp/dynatrace</c>.</summary>
public readonly record struct ComponentId(string Type, string Name)
{
    public static ComponentId Parse(string id)
    {
        var slash = id.IndexOf('/');
        return slash < 0 ? new ComponentId(id, "") : new ComponentId(id[..slash], id[(slash + 1)..]);
    }

    public override string ToString() => Name.Length == 0 ? Type : $"{Type}/{Name}";
}
