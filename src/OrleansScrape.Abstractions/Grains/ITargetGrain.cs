using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Abstractions.Grains;

/// <summary>Owns the scrape schedule of one target. Keyed by <see cref="ScrapeTarget.Key"/>.</summary>
public interface ITargetGrain : IGrainWithStringKey
{
    /// <summary>Starts scraping this target, or adopts changed settings. Idempotent. Returns the name of the silo scraping it.</summary>
    Task<string> EnsureScheduled(ScrapeTarget target);

    /// <summary>Stops scraping: the target left the target set.</summary>
    Task Retire();

    /// <summary>
    /// Moves this target's activation to <paramref name="destination"/> (a scraper silo) with its
    /// schedule and last result, once idle; the scrape due next still happens exactly once. A no-op
    /// when the activation is already there.
    /// </summary>
    Task MoveTo(SiloAddress destination);

    /// <summary>
    /// Sent by the activation of a stopping silo to the grain's next activation (elsewhere): takes over
    /// the schedule so the slot due next is scraped once. Ignored by an activation already scheduled.
    /// </summary>
    Task Resume(TargetHandOff handOff);

    Task<TargetStatus> GetStatus();
}
