using System.Text;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Case-fold orbits for RE2's <c>(?i)</c>: code points that simple case mapping links together
/// (k, K and the Kelvin sign; s, S and the long s; ...). Built once from .NET's invariant case tables,
/// which carry the same Unicode simple mappings Go's <c>unicode.SimpleFold</c> walks.
/// </summary>
internal static class CaseFolding
{
    // Go's maxFold: no code point above this has a case partner.
    private const int MaxFold = 0x1E943;

    private static readonly Lazy<(int[] CodePoints, int[][] Orbits)> Table = new(Build);

    /// <summary>Adds to <paramref name="target"/> the fold equivalents of every code point in lo..hi.</summary>
    public static void AddEquivalents(RuneSet target, int lo, int hi)
    {
        if (hi < 'A' || lo > MaxFold)
        {
            return;
        }
        var (codePoints, orbits) = Table.Value;
        var index = Array.BinarySearch(codePoints, lo);
        if (index < 0)
        {
            index = ~index;
        }
        for (; index < codePoints.Length && codePoints[index] <= hi; index++)
        {
            foreach (var member in orbits[index])
            {
                target.Add(member, member);
            }
        }
    }

    private static (int[] CodePoints, int[][] Orbits) Build()
    {
        var parent = new int[MaxFold + 1];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }
        for (var cp = 0; cp <= MaxFold; cp++)
        {
            // The Turkish dotted/dotless i have no simple case folding in Unicode's CaseFolding.txt.
            if (cp is >= 0xD800 and <= 0xDFFF or 0x130 or 0x131)
            {
                continue;
            }
            var rune = new Rune(cp);
            Union(parent, cp, Rune.ToLowerInvariant(rune).Value);
            Union(parent, cp, Rune.ToUpperInvariant(rune).Value);
        }

        var groups = new Dictionary<int, List<int>>();
        for (var cp = 0; cp <= MaxFold; cp++)
        {
            var root = Find(parent, cp);
            if (!groups.TryGetValue(root, out var members))
            {
                groups[root] = members = [];
            }
            members.Add(cp);
        }

        var shared = new Dictionary<int, int[]>();
        var codePoints = new List<int>();
        var orbits = new List<int[]>();
        for (var cp = 0; cp <= MaxFold; cp++)
        {
            var root = Find(parent, cp);
            var members = groups[root];
            if (members.Count > 1)
            {
                if (!shared.TryGetValue(root, out var orbit))
                {
                    shared[root] = orbit = [.. members];
                }
                codePoints.Add(cp);
                orbits.Add(orbit);
            }
        }
        return ([.. codePoints], [.. orbits]);
    }

    private static void Union(int[] parent, int a, int b)
    {
        if (b > MaxFold || b is 0x130 or 0x131)
        {
            return;
        }
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
