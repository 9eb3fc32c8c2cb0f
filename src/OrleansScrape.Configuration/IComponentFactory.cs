namespace OrleansScrape.Configuration;

/// <summary>
/// What the configuration reader knows of a component type: its kind, its name and legacy
/// aliases, and how to read its section into validated options. The kind's own factory
/// interface (processors, exporters, ...) adds how to create the component from those options.
/// </summary>
public interface IComponentFactory
{
    ComponentKind Kind { get; }

    /// <summary>The Collector's current type name, e.g. <c>cumulative_to_delta</c>.</summary>
    string Type { get; }

    /// <summary>Older names still accepted (with a warning naming the current one), e.g. <c>cumulativetodelta</c>.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>
    /// Reads a component's section (empty for a component written as <c>name:</c> with no body) into
    /// its options; refuses unknown keys and invalid values at their file, line and column.
    /// </summary>
    object ReadOptions(YamlMappingReader section);
}
