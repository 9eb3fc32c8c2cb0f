namespace OrleansScrape.Prometheus.Configuration;

/// <summary>One entry of <c>scrape_configs</c>, with the global defaults already applied.</summary>
public sealed record ScrapeConfig
{
    public required string JobName { get; init; }
    public required TimeSpan ScrapeInterval { get; init; }
    public required TimeSpan ScrapeTimeout { get; init; }
    public string MetricsPath { get; init; } = "/metrics";
    public string Scheme { get; init; } = "http";
    public bool HonorTimestamps { get; init; } = true;
    public IReadOnlyDictionary<string, string[]> Params { get; init; } = new Dictionary<string, string[]>();
    public IReadOnlyList<StaticConfig> StaticConfigs { get; init; } = [];
}
