using System.Collections.Concurrent;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.ScrapeConfigs;

/// <summary>
/// Finds the scrape config of a target on a scraper silo: the configuration file's jobs by name,
/// generated ones (Kubernetes custom resources) fetched once per version from their
/// <see cref="IScrapeConfigGrain"/> and kept for every target of that version on this silo.
/// </summary>
public sealed class ScrapeConfigCatalog
{
    // Old versions are few (one per custom-resource edit) and small; they are dropped when this many pile up.
    private const int MaxCachedVersions = 4096;

    private readonly PrometheusConfig _config;
    private readonly IGrainFactory _grains;
    private readonly ConcurrentDictionary<string, ScrapeConfig> _generated = new(StringComparer.Ordinal);

    public ScrapeConfigCatalog(PrometheusConfig config, IGrainFactory grains)
    {
        _config = config;
        _grains = grains;
    }

    /// <exception cref="ArgumentException">No such scrape config is known.</exception>
    public async ValueTask<ScrapeConfig> ResolveAsync(ScrapeTarget target)
    {
        if (target.ScrapeConfigVersion.Length == 0)
        {
            return _config.ScrapeConfigs.FirstOrDefault(j => j.JobName == target.ScrapeConfigName)
                ?? _config.ScrapeConfigs.FirstOrDefault(j => j.JobName == target.Job)
                ?? throw new ArgumentException($"This silo's configuration has no scrape config \"{target.ScrapeConfigName}\" for target {target.Key}.", nameof(target));
        }
        var key = IScrapeConfigGrain.Key(target.ScrapeConfigName, target.ScrapeConfigVersion);
        if (_generated.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var fetched = await _grains.GetGrain<IScrapeConfigGrain>(key).Get()
            ?? throw new ArgumentException($"Scrape config \"{target.ScrapeConfigName}\" version {target.ScrapeConfigVersion} for target {target.Key} has not been published.", nameof(target));
        if (_generated.Count >= MaxCachedVersions)
        {
            _generated.Clear();
        }
        _generated[key] = fetched;
        return fetched;
    }
}
