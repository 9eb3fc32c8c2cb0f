using System.Text.RegularExpressions;

namespace OrleansScrape.Configuration;

/// <summary>A Collector component id: <c>type</c> or <c>type/name</c>, e.g. <c>otlphttp/dynatrace</c>.</summary>
public readonly partial record struct ComponentId(string Type, string Name)
{
    public static ComponentId Parse(string id)
    {
        var slash = id.IndexOf('/');
        return slash < 0 ? new ComponentId(id, "") : new ComponentId(id[..slash], id[(slash + 1)..]);
    }

    /// <summary>Why an id breaks the Collector's rules (a type of letters, digits and _, starting with a letter; a name without spaces, symbols or slashes), or null.</summary>
    public static string? Problem(string id)
    {
        var parsed = Parse(id);
        if (!TypePattern().IsMatch(parsed.Type))
        {
            return $"\"{parsed.Type}\" is not a valid type: a letter, then letters, digits or _ (at most 63)";
        }
        if (id.Contains('/') && !NamePattern().IsMatch(parsed.Name))
        {
            return $"\"{parsed.Name}\" is not a valid name: it must not be empty or contain spaces, symbols or /";
        }
        return null;
    }

    public override string ToString() => Name.Length == 0 ? Type : $"{Type}/{Name}";

    [GeneratedRegex(@"^[a-zA-Z][0-9a-zA-Z_]{0,62}$")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^[^\p{Z}\p{C}\p{S}/]+$")]
    private static partial Regex NamePattern();
}
