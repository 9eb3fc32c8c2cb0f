namespace OrleansScrape.Prometheus.Configuration;

/// <summary>The <c>global</c> section: defaults for every scrape config, with Prometheus's values.</summary>
public sealed record GlobalConfig
{
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan ScrapeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
