namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// The result of one planning round: the collector of every target (empty when there is no
/// collector at all), how many targets changed collector against the current assignment, and
/// how many per-node targets fell back to consistent hashing.
/// </summary>
public sealed record AllocationPlan
{
    public required IReadOnlyDictionary<string, string> Assignments { get; init; }

    /// <summary>Targets that had a live collector and now get another one.</summary>
    public int Moved { get; init; }

    /// <summary>Targets no collector can take (there is none).</summary>
    public int Unassigned { get; init; }

    /// <summary>per-node only: targets without a node, or whose node has no scraper, placed by consistent hashing instead.</summary>
    public int NodeFallbacks { get; init; }

    /// <summary>Targets per collector, every collector listed (0 when it has none).</summary>
    public IReadOnlyDictionary<string, int> TargetsPerCollector(IEnumerable<AllocationCollector> collectors)
    {
        var counts = collectors.ToDictionary(c => c.Name, _ => 0, StringComparer.Ordinal);
        foreach (var collector in Assignments.Values)
        {
            counts[collector] = counts.GetValueOrDefault(collector) + 1;
        }
        return counts;
    }
}
