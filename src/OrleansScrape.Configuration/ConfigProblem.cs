namespace OrleansScrape.Configuration;

/// <summary>
/// A problem an options object finds in itself, named by the key at fault (dotted below the
/// component, e.g. <c>retry_on_failure.max_interval</c>; empty for the component as a whole), so the
/// reader can point at the key's line and column.
/// </summary>
public readonly record struct ConfigProblem(string Key, string Message)
{
    public override string ToString() => Key.Length == 0 ? Message : $"{Key}: {Message}";
}
