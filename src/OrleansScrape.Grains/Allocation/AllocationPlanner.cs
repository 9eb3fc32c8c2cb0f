namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// Decides which scraper silo scrapes which target, for one <see cref="AllocationStrategy"/>.
/// Pure: the discovery grain feeds it the target set, the live scraper silos and where each
/// target is now, and moves grains to match the plan.
/// </summary>
public static class AllocationPlanner
{
    public static AllocationPlan Plan(
        AllocationStrategy strategy,
        IReadOnlyList<AllocationTarget> targets,
        IReadOnlyList<AllocationCollector> collectors,
        IReadOnlyDictionary<string, string> current)
    {
        if (collectors.Count == 0)
        {
            return new AllocationPlan { Assignments = new Dictionary<string, string>(StringComparer.Ordinal), Unassigned = targets.Count };
        }
        if (collectors.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != collectors.Count)
        {
            throw new ArgumentException("Collector names must be unique: two collectors with one name would scrape the same targets.", nameof(collectors));
        }

        var names = collectors.Select(c => c.Name).ToList();
        var fallbacks = 0;
        var assignments = strategy switch
        {
            AllocationStrategy.ConsistentHashing => ConsistentHashingAllocator.Assign(targets, names),
            AllocationStrategy.LeastWeighted => LeastWeightedAllocator.Assign(targets, names, current),
            AllocationStrategy.PerNode => PerNodeAllocator.Assign(targets, collectors, out fallbacks),
            AllocationStrategy.LoadAware => LoadAwareAllocator.Assign(targets, names, current),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown allocation strategy."),
        };

        var live = names.ToHashSet(StringComparer.Ordinal);
        var moved = assignments.Count(a => current.TryGetValue(a.Key, out var was) && live.Contains(was) && was != a.Value);
        return new AllocationPlan { Assignments = assignments, Moved = moved, NodeFallbacks = fallbacks };
    }
}
