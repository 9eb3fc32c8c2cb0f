namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>
/// What the processor remembers of one exponential histogram series: its last cumulative point.
/// Positive then negative bucket counts share one array rented from the shared pool (returned
/// when the series is evicted), as the batch's bucket column does.
/// </summary>
internal struct ExponentialDeltaState
{
    public ulong[] Buckets;
    public int PositiveCount;
    public int NegativeCount;
    public int PositiveOffset;
    public int NegativeOffset;
    public int Scale;
    public double ZeroThreshold;
    public ulong ZeroCount;
    public ulong Count;
    /// <summary>The last sum that was a number: a NaN sum leaves it as it was.</summary>
    public double Sum;
    public long TimeUnixNano;
    public long LastSeenTicks;

    public readonly ReadOnlySpan<ulong> Positive => Buckets.AsSpan(0, PositiveCount);

    public readonly ReadOnlySpan<ulong> Negative => Buckets.AsSpan(PositiveCount, NegativeCount);
}
