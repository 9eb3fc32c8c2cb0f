using OrleansScrape.Grains.Placement;

namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// <c>consistent-hashing</c>: rendezvous hashing of the target's stable key over the collector
/// names. Needs no memory of the current assignment, and a pool change moves only the targets
/// the changed collector wins or held (about 1/N).
/// </summary>
internal static class ConsistentHashingAllocator
{
    public static Dictionary<string, string> Assign(IReadOnlyList<AllocationTarget> targets, IReadOnlyList<string> collectors)
    {
        var assignments = new Dictionary<string, string>(targets.Count, StringComparer.Ordinal);
        foreach (var target in targets)
        {
            assignments[target.Key] = collectors[RendezvousHash.Choose(target.Key, collectors)];
        }
        return assignments;
    }
}
