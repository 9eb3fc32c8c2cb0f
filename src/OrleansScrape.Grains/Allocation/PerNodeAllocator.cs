using OrleansScrape.Grains.Placement;

namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// <c>per-node</c>: a target goes to a scraper on its own Kubernetes node (rendezvous hashing
/// among them if there are several). A target without a node, or on a node without a scraper,
/// falls back to consistent hashing over every collector and is counted, instead of being left
/// unscraped.
/// </summary>
internal static class PerNodeAllocator
{
    public static Dictionary<string, string> Assign(
        IReadOnlyList<AllocationTarget> targets, IReadOnlyList<AllocationCollector> collectors, out int fallbacks)
    {
        var all = collectors.Select(c => c.Name).ToList();
        var byNode = collectors.Where(c => !string.IsNullOrEmpty(c.Node))
            .GroupBy(c => c.Node!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Name).ToList(), StringComparer.Ordinal);
        var assignments = new Dictionary<string, string>(targets.Count, StringComparer.Ordinal);
        fallbacks = 0;
        foreach (var target in targets)
        {
            if (target.Node is null || !byNode.TryGetValue(target.Node, out var local))
            {
                fallbacks++;
                local = all;
            }
            assignments[target.Key] = local[RendezvousHash.Choose(target.Key, local)];
        }
        return assignments;
    }
}
