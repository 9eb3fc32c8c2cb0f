namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>One label: a name and its value.</summary>
public readonly record struct Label(string Name, string Value)
{
    public override string ToString() => $"{Name}=\"{Value}\"";
}
