namespace OrleansScrape.Configuration;

/// <summary>
/// The component types a build knows, by kind and by every name they answer to. The config
/// reader, <c>check config</c> and every "supported: ..." message read it, so what is documented,
/// what is read and what is refused cannot drift apart.
/// </summary>
public sealed class ComponentRegistry
{
    private readonly Dictionary<(ComponentKind Kind, string Name), IComponentFactory> _byName = [];
    private readonly List<IComponentFactory> _factories = [];

    public ComponentRegistry(IEnumerable<IComponentFactory> factories)
    {
        foreach (var factory in factories)
        {
            foreach (var name in factory.Aliases.Prepend(factory.Type))
            {
                if (!_byName.TryAdd((factory.Kind, name), factory))
                {
                    throw new ArgumentException($"Two {factory.Kind.Noun()} factories answer to \"{name}\".", nameof(factories));
                }
            }
            _factories.Add(factory);
        }
    }

    public IReadOnlyList<IComponentFactory> Factories => _factories;

    /// <summary>The factory of a type name or alias, null when none is registered.</summary>
    public IComponentFactory? Find(ComponentKind kind, string type) =>
        _byName.TryGetValue((kind, type), out var factory) ? factory : null;

    /// <summary>The current names of a kind, in registration order, for messages.</summary>
    public IReadOnlyList<string> Types(ComponentKind kind) =>
        _factories.Where(f => f.Kind == kind).Select(f => f.Type).ToList();

    /// <summary><c>supported: a, b (also: old-a)</c>, the tail of a refusal.</summary>
    public string Supported(ComponentKind kind)
    {
        var factories = _factories.Where(f => f.Kind == kind).ToList();
        var aliases = factories.SelectMany(f => f.Aliases).ToList();
        var names = string.Join(", ", factories.Select(f => f.Type));
        return aliases.Count == 0 ? $"supported: {names}" : $"supported: {names}; older names also accepted: {string.Join(", ", aliases)}";
    }
}
