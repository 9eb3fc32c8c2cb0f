namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>
/// Brings the buckets of an earlier cumulative exponential histogram point into the layout of a
/// later one, so the two can be subtracted bucket by bucket. A later point may have a lower scale
/// (its buckets merge 2^n earlier ones) or a wider zero threshold (earlier buckets within it now
/// count as zeros); it never has a higher scale or a narrower threshold unless the series restarted.
/// </summary>
internal static class ExponentialBucketAlignment
{
    /// <summary>
    /// The index, at <paramref name="scale"/>, of the bucket holding <paramref name="zeroThreshold"/>
    /// (bucket i covers (base^i, base^(i+1)] with base = 2^(2^-scale)). As upstream, that bucket and
    /// every lower one fold into the zero count when the threshold widens to it.
    /// </summary>
    public static long ZeroBucketCeiling(double zeroThreshold, int scale) =>
        zeroThreshold <= 0 ? long.MinValue : (long)Math.Ceiling(Math.Log2(zeroThreshold) * Math.Pow(2, scale)) - 1;

    /// <summary>
    /// Adds the earlier counts (<paramref name="previous"/> from <paramref name="previousOffset"/>)
    /// into <paramref name="aligned"/>, which covers the later point's buckets from
    /// <paramref name="offset"/>, after dropping <paramref name="scaleDrop"/> bits of resolution.
    /// Buckets at or below <paramref name="zeroCeiling"/> (at the earlier scale) are returned as
    /// zero counts instead. <paramref name="outside"/> is set when an earlier bucket with a count
    /// falls outside the later buckets: the later point lost values, so the series restarted.
    /// </summary>
    public static ulong AddInto(
        ReadOnlySpan<ulong> previous, int previousOffset, int scaleDrop, long zeroCeiling, int offset, Span<ulong> aligned, ref bool outside)
    {
        ulong zeros = 0;
        for (var j = 0; j < previous.Length; j++)
        {
            var count = previous[j];
            if (count == 0)
            {
                continue;
            }
            long index = (long)previousOffset + j;
            if (index <= zeroCeiling)
            {
                zeros += count;
                continue;
            }
            // An arithmetic shift floors, which is how lower scales merge buckets, negative indices included.
            var target = (index >> scaleDrop) - offset;
            if (target < 0 || target >= aligned.Length)
            {
                outside = true;
                continue;
            }
            aligned[(int)target] += count;
        }
        return zeros;
    }
}
