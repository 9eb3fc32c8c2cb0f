namespace OrleansScrape.Prometheus.Configuration;

/// <summary>One entry of <c>static_configs</c>: target addresses and labels they share.</summary>
public sealed record StaticConfig
{
    public IReadOnlyList<string> Targets { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
