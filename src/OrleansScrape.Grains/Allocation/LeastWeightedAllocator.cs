namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// <c>least-weighted</c>: a target stays on its live collector; new targets and those of a
/// collector that left go to the collector with the fewest targets. Unlike upstream (operator
/// #2477) it also rebalances: while two collectors differ by more than one target, one target
/// moves from the fullest to the emptiest, so a collector that joins gets its share at once and
/// no more targets move than that share.
/// </summary>
internal static class LeastWeightedAllocator
{
    public static Dictionary<string, string> Assign(
        IReadOnlyList<AllocationTarget> targets, IReadOnlyList<string> collectors, IReadOnlyDictionary<string, string> current)
    {
        var owned = collectors.ToDictionary(c => c, _ => new List<string>(), StringComparer.Ordinal);
        var pending = new List<string>();
        foreach (var target in targets.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (current.TryGetValue(target.Key, out var collector) && owned.TryGetValue(collector, out var list))
            {
                list.Add(target.Key);
            }
            else
            {
                pending.Add(target.Key);
            }
        }
        foreach (var key in pending)
        {
            owned[Fewest(owned)].Add(key);
        }

        // Each move lowers the spread; at most one move per target is ever needed.
        for (var moves = 0; moves <= targets.Count; moves++)
        {
            var fullest = Fullest(owned);
            var emptiest = Fewest(owned);
            if (owned[fullest].Count - owned[emptiest].Count <= 1)
            {
                break;
            }
            var from = owned[fullest];
            // Lists are in key order; taking the last keeps the choice deterministic and O(1).
            owned[emptiest].Add(from[^1]);
            from.RemoveAt(from.Count - 1);
        }

        var assignments = new Dictionary<string, string>(targets.Count, StringComparer.Ordinal);
        foreach (var (collector, keys) in owned)
        {
            foreach (var key in keys)
            {
                assignments[key] = collector;
            }
        }
        return assignments;
    }

    private static string Fewest(Dictionary<string, List<string>> owned) =>
        owned.OrderBy(o => o.Value.Count).ThenBy(o => o.Key, StringComparer.Ordinal).First().Key;

    private static string Fullest(Dictionary<string, List<string>> owned) =>
        owned.OrderByDescending(o => o.Value.Count).ThenBy(o => o.Key, StringComparer.Ordinal).First().Key;
}
