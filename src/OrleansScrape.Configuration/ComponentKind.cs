namespace OrleansScrape.Configuration;

/// <summary>The sections of a Collector configuration a component can be defined in.</summary>
public enum ComponentKind
{
    Receiver,
    Processor,
    Exporter,
    Extension,
}

public static class ComponentKinds
{
    /// <summary>The configuration section of the kind: <c>receivers</c>, <c>processors</c>, ...</summary>
    public static string Section(this ComponentKind kind) => kind switch
    {
        ComponentKind.Receiver => "receivers",
        ComponentKind.Processor => "processors",
        ComponentKind.Exporter => "exporters",
        ComponentKind.Extension => "extensions",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The singular noun for messages: <c>receiver</c>, <c>processor</c>, ...</summary>
    public static string Noun(this ComponentKind kind) => kind.Section().TrimEnd('s');
}
