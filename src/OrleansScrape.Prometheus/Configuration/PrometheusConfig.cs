namespace OrleansScrape.Prometheus.Configuration;

/// <summary>The Prometheus configuration a scraper runs: <c>global</c> and <c>scrape_configs</c>.</summary>
public sealed record PrometheusConfig
{
    public GlobalConfig Global { get; init; } = new();
    public IReadOnlyList<ScrapeConfig> ScrapeConfigs { get; init; } = [];
}
