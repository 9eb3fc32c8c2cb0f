using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Grains.ScrapeConfigs;

/// <summary>One published version of a generated scrape config; its key names the version, so it never changes.</summary>
public sealed class ScrapeConfigGrain : Grain, IScrapeConfigGrain
{
    private ScrapeConfig? _config;

    public Task Publish(ScrapeConfig config)
    {
        _config = config;
        return Task.CompletedTask;
    }

    public Task<ScrapeConfig?> Get() => Task.FromResult(_config);
}
