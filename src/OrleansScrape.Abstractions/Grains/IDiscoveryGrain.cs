using OrleansScrape.Abstractions.Messages;

namespace OrleansScrape.Abstractions.Grains;

/// <summary>
/// Turns the configured service discovery of one shard into a target set and keeps one
/// <see cref="ITargetGrain"/> scheduled per target. Keyed by shard name (<see cref="DiscoveryShards"/>).
/// </summary>
public interface IDiscoveryGrain : IGrainWithStringKey
{
    /// <summary>Recomputes the target set now and (re)schedules every target grain.</summary>
    Task<DiscoveryStatus> Sync();

    Task<DiscoveryStatus> GetStatus();

    /// <summary>Every target of the current set with its grain's status (silo, health, last scrape).</summary>
    Task<IReadOnlyList<TargetAssignment>> GetAssignments();

    /// <summary>
    /// Every job the shard runs (the configuration file's, then those generated from custom resources), rendered
    /// for <c>/scrape_configs</c>. Every shard runs every job, each restricted to its namespaces; this is the job as
    /// configured or generated, not the restriction.
    /// </summary>
    Task<IReadOnlyList<RenderedScrapeConfig>> GetScrapeConfigs();
}
