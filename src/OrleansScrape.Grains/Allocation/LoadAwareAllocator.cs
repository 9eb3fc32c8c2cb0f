namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// <c>load-aware</c> (asked upstream in operator #4923): targets weigh their observed series
/// count (at least 1). A target stays on its live collector; new targets go, heaviest first, to
/// the collector carrying the least weight. Only while the heaviest collector carries more than
/// <see cref="MaxOverMean"/> times the mean does a target move, from the heaviest to the
/// lightest, the one that best evens the two; so a balanced pool moves nothing.
/// </summary>
internal static class LoadAwareAllocator
{
    public const double MaxOverMean = 1.2;

    public static Dictionary<string, string> Assign(
        IReadOnlyList<AllocationTarget> targets, IReadOnlyList<string> collectors, IReadOnlyDictionary<string, string> current)
    {
        var owned = collectors.ToDictionary(c => c, _ => new List<AllocationTarget>(), StringComparer.Ordinal);
        var load = collectors.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        var pending = new List<AllocationTarget>();
        foreach (var target in targets)
        {
            if (current.TryGetValue(target.Key, out var collector) && owned.TryGetValue(collector, out var list))
            {
                list.Add(target);
                load[collector] += Weight(target);
            }
            else
            {
                pending.Add(target);
            }
        }
        foreach (var target in pending.OrderByDescending(Weight).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            var lightest = Lightest(load);
            owned[lightest].Add(target);
            load[lightest] += Weight(target);
        }

        var bound = MaxOverMean * load.Values.Sum() / collectors.Count;
        // Every move strictly lowers the sum of squared loads, so this ends; the cap is a guard.
        for (var moves = 0; moves < 4 * targets.Count + 1; moves++)
        {
            var heaviest = Heaviest(load);
            if (load[heaviest] <= bound)
            {
                break;
            }
            var lightest = Lightest(load);
            var gap = load[heaviest] - load[lightest];
            // A move improves the pair only if the target weighs less than the gap; half the gap evens them.
            var best = -1;
            for (var i = 0; i < owned[heaviest].Count; i++)
            {
                var w = Weight(owned[heaviest][i]);
                if (w < gap && (best < 0 || Math.Abs(gap - 2 * w) < Math.Abs(gap - 2 * Weight(owned[heaviest][best]))))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                break; // one target alone outweighs the bound: nothing can be done by moving
            }
            var moved = owned[heaviest][best];
            owned[heaviest].RemoveAt(best);
            owned[lightest].Add(moved);
            load[heaviest] -= Weight(moved);
            load[lightest] += Weight(moved);
        }

        var assignments = new Dictionary<string, string>(targets.Count, StringComparer.Ordinal);
        foreach (var (collector, list) in owned)
        {
            foreach (var target in list)
            {
                assignments[target.Key] = collector;
            }
        }
        return assignments;
    }

    public static long Weight(AllocationTarget target) => Math.Max(1, target.Series);

    private static string Lightest(Dictionary<string, long> load) =>
        load.OrderBy(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).First().Key;

    private static string Heaviest(Dictionary<string, long> load) =>
        load.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).First().Key;
}
