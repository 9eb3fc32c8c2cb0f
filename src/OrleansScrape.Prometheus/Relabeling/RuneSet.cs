namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// A set of Unicode code points as sorted, disjoint ranges: RE2 character classes are sets of code
/// points, and computing them explicitly (folding, then negating) is what makes their .NET rendering
/// match RE2 exactly, including for characters outside the Basic Multilingual Plane.
/// </summary>
internal sealed class RuneSet
{
    public const int MaxRune = 0x10FFFF;

    private List<(int Lo, int Hi)> _ranges = [];
    private bool _normalized = true;

    public static RuneSet Of(params ReadOnlySpan<(int Lo, int Hi)> ranges)
    {
        var set = new RuneSet();
        foreach (var (lo, hi) in ranges)
        {
            set.Add(lo, hi);
        }
        return set;
    }

    public IReadOnlyList<(int Lo, int Hi)> Ranges
    {
        get
        {
            Normalize();
            return _ranges;
        }
    }

    public void Add(int lo, int hi)
    {
        _ranges.Add((lo, hi));
        _normalized = false;
    }

    public void Add(RuneSet other)
    {
        foreach (var (lo, hi) in other.Ranges)
        {
            Add(lo, hi);
        }
    }

    public RuneSet Negated()
    {
        var result = new RuneSet();
        var next = 0;
        foreach (var (lo, hi) in Ranges)
        {
            if (next <= lo - 1)
            {
                result.Add(next, lo - 1);
            }
            next = hi + 1;
        }
        if (next <= MaxRune)
        {
            result.Add(next, MaxRune);
        }
        return result;
    }

    /// <summary>The set plus every code point case-fold-equivalent to a member, as RE2's <c>(?i)</c> does.</summary>
    public RuneSet Folded()
    {
        var result = new RuneSet();
        foreach (var (lo, hi) in Ranges)
        {
            result.Add(lo, hi);
            CaseFolding.AddEquivalents(result, lo, hi);
        }
        return result;
    }

    private void Normalize()
    {
        if (_normalized)
        {
            return;
        }
        _ranges.Sort((a, b) => a.Lo != b.Lo ? a.Lo.CompareTo(b.Lo) : b.Hi.CompareTo(a.Hi));
        var merged = new List<(int Lo, int Hi)>(_ranges.Count);
        foreach (var (lo, hi) in _ranges)
        {
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
            {
                if (hi > merged[^1].Hi)
                {
                    merged[^1] = (merged[^1].Lo, hi);
                }
                continue;
            }
            merged.Add((lo, hi));
        }
        _ranges = merged;
        _normalized = true;
    }
}
