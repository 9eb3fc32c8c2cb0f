using OrleansScrape.Abstractions.Messages;

namespace OrleansScrape.Abstractions.Grains;

/// <summary>
/// Turns the configured service discovery of one shard into a target set and keeps one
/// <see cref="ITargetGrain"/> scheduled per target. Keyed by shard name.
/// </summary>
public interface IDiscoveryGrain : IGrainWithStringKey
{
    /// <summary>Recomputes the target set now and (re)schedules every target grain.</summary>
    Task<DiscoveryStatus> Sync();

    Task<DiscoveryStatus> GetStatus();

    /// <summary>Every target of the current set with its grain's status (silo, health, last scrape).</summary>
    Task<IReadOnlyList<TargetAssignment>> GetAssignments();
}
