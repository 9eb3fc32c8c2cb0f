namespace OrleansScrape.Configuration;

/// <summary>
/// What a configuration read noticed without refusing it (an unset environment variable, a
/// component no pipeline uses, a key that has no effect here), each with where it was found.
/// One instance is shared by every reader of a document, so a warning is reported once.
/// </summary>
public sealed class ConfigWarnings
{
    private readonly List<ConfigWarning> _warnings = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<ConfigWarning> All
    {
        get
        {
            lock (_lock)
            {
                return _warnings.ToArray();
            }
        }
    }

    /// <summary>Adds a warning unless the same message was already added for the same place.</summary>
    public void Add(ConfigWarning warning)
    {
        lock (_lock)
        {
            if (_seen.Add(warning.ToString()))
            {
                _warnings.Add(warning);
            }
        }
    }

    /// <summary>Adds a warning unless one with the same message was already added anywhere.</summary>
    public void AddOnce(ConfigWarning warning)
    {
        lock (_lock)
        {
            if (_seen.Add(warning.Message))
            {
                _seen.Add(warning.ToString());
                _warnings.Add(warning);
            }
        }
    }
}
