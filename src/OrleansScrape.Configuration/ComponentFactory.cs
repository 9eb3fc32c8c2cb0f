namespace OrleansScrape.Configuration;

/// <summary>
/// The common shape of a factory: defaults come from <see cref="CreateDefault"/>, <see cref="Read"/>
/// only maps keys into options, and the options' own <see cref="IValidatedOptions.Validate"/> decides
/// what is valid, so each rule and default is written once beside the options.
/// </summary>
public abstract class ComponentFactory<TOptions> : IComponentFactory
    where TOptions : class, IValidatedOptions
{
    public abstract ComponentKind Kind { get; }

    public abstract string Type { get; }

    public virtual IReadOnlyList<string> Aliases => [];

    /// <summary>The options of a component whose section is empty.</summary>
    public abstract TOptions CreateDefault();

    /// <summary>Maps the section's keys into options, starting from <paramref name="defaults"/>.</summary>
    protected abstract TOptions Read(YamlMappingReader section, TOptions defaults);

    /// <summary>A hint appended to the unknown-key message, e.g. which keys this version reads; null lists the known keys.</summary>
    protected virtual string? UnknownKeyHint => null;

    public object ReadOptions(YamlMappingReader section) => ReadTyped(section);

    public TOptions ReadTyped(YamlMappingReader section)
    {
        var options = Read(section, CreateDefault());
        section.RejectUnknownKeys(UnknownKeyHint);
        section.ThrowIfInvalid(options.Validate());
        return options;
    }
}
