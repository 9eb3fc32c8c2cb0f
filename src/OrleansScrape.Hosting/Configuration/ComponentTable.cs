using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// The components a configuration defines, read on first use by a pipeline (or by
/// <c>service.extensions</c>) through the registry, each once however many pipelines name it.
/// What no pipeline uses is not read at all: the Collector ignores it, and so one warning names it.
/// </summary>
internal sealed class ComponentTable
{
    private readonly ComponentRegistry _registry;
    private readonly IReadOnlyDictionary<ComponentKind, YamlMappingReader?> _sections;
    private readonly Dictionary<(ComponentKind, string), (ComponentConfig Component, YamlMappingReader Section)> _read = [];

    public ComponentTable(ComponentRegistry registry, IReadOnlyDictionary<ComponentKind, YamlMappingReader?> sections)
    {
        _registry = registry;
        _sections = sections;
    }

    /// <summary>The component <paramref name="id"/> of a kind, named at <paramref name="key"/> of <paramref name="user"/>.</summary>
    public ComponentConfig Get(ComponentKind kind, string id, YamlMappingReader user, string key)
    {
        if (_read.TryGetValue((kind, id), out var known))
        {
            return known.Component;
        }
        var sectionName = kind.Section();
        var sections = _sections[kind];
        if (sections is null || !sections.Keys.Contains(id))
        {
            throw user.ErrorAt(key, $"{user.Qualified(key)} names \"{id}\", which is not defined under {sectionName}");
        }
        if (ComponentId.Problem(id) is { } problem)
        {
            throw sections.ErrorAt(id, $"{sectionName}.{id}: {problem}");
        }
        var componentId = ComponentId.Parse(id);
        var factory = _registry.Find(kind, componentId.Type)
            ?? throw sections.ErrorAt(id, $"{kind.Noun()} type \"{componentId.Type}\" is not supported ({_registry.Supported(kind)})");
        if (factory.Type != componentId.Type)
        {
            sections.WarnAt(id, $"{kind.Noun()} type \"{componentId.Type}\" is deprecated: it is now named \"{factory.Type}\"");
        }
        var section = sections.GetMapping(id)!;
        var component = new ComponentConfig(componentId, factory, factory.ReadOptions(section));
        _read[(kind, id)] = (component, section);
        return component;
    }

    /// <summary>A refusal located at the definition of a component that was read.</summary>
    public ConfigException ErrorAt(ComponentConfig component, string reason) =>
        _sections[component.Kind] is { } sections ? sections.ErrorAt(component.Id.ToString(), reason) : new ConfigException("", 0, 0, reason);

    /// <summary>One warning naming every defined component no pipeline (and no service.extensions) uses.</summary>
    public void WarnUnused(YamlMappingReader root)
    {
        var unused = new List<string>();
        foreach (var (kind, sections) in _sections)
        {
            if (sections is null)
            {
                continue;
            }
            foreach (var id in sections.Keys)
            {
                sections.MarkRead(id);
                if (!_read.ContainsKey((kind, id)))
                {
                    unused.Add($"{kind.Section()}.{id}");
                }
            }
        }
        if (unused.Count > 0)
        {
            root.Warn($"defined but used by no pipeline, so ignored (as the Collector ignores them): {string.Join(", ", unused)}");
        }
    }
}
