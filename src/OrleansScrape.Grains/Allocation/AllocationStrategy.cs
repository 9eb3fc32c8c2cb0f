namespace OrleansScrape.Grains.Allocation;

/// <summary>How targets are assigned to scraper silos; the names are the Target Allocator's <c>allocation_strategy</c> values.</summary>
public enum AllocationStrategy
{
    /// <summary><c>consistent-hashing</c>: the target key is hashed onto the scraper silos; about 1/N of targets move when the pool changes.</summary>
    ConsistentHashing,

    /// <summary><c>least-weighted</c>: targets stay where they are; new ones go to the silo with the fewest, and scale-out rebalances.</summary>
    LeastWeighted,

    /// <summary><c>per-node</c>: a target goes to a scraper on the Kubernetes node it runs on.</summary>
    PerNode,

    /// <summary><c>load-aware</c>: targets are placed by their observed series count.</summary>
    LoadAware,
}

/// <summary>The configuration names of <see cref="AllocationStrategy"/>.</summary>
public static class AllocationStrategyNames
{
    public static readonly IReadOnlyList<string> All = ["consistent-hashing", "least-weighted", "per-node", "load-aware"];

    public static string Name(AllocationStrategy strategy) => All[(int)strategy];

    public static bool TryParse(string name, out AllocationStrategy strategy)
    {
        var index = All.ToList().IndexOf(name);
        strategy = index < 0 ? default : (AllocationStrategy)index;
        return index >= 0;
    }
}
