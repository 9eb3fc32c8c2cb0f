using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>A configured component: its id, the factory of its type and the options its section was read into.</summary>
public sealed record ComponentConfig(ComponentId Id, IComponentFactory Factory, object Options)
{
    public ComponentKind Kind => Factory.Kind;

    /// <summary>The options as the type its factory reads them into.</summary>
    public T OptionsAs<T>() where T : class =>
        Options as T ?? throw new InvalidOperationException($"{Kind.Noun()} {Id} has options of type {Options.GetType().Name}, not {typeof(T).Name}.");

    public override string ToString() => Id.ToString();
}
