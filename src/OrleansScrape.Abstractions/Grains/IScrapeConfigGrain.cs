using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Abstractions.Grains;

/// <summary>
/// Holds one version of a scrape config that is not in the configuration file (generated from a
/// Kubernetes custom resource), so scrapers can fetch it once instead of receiving it with every
/// target. Keyed by <see cref="Key"/>. The discovery grain publishes it again on every sync, so an
/// idle-collected activation is refilled without storage.
/// </summary>
public interface IScrapeConfigGrain : IGrainWithStringKey
{
    Task Publish(ScrapeConfig config);

    /// <summary>The config, or null when it has not been published (yet, or since a deactivation).</summary>
    Task<ScrapeConfig?> Get();

    static string Key(string jobName, string version) => $"{jobName}@{version}";
}
