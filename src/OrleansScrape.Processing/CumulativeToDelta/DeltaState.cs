namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>What the processor remembers of one number series: 24 bytes.</summary>
internal struct DeltaState
{
    public double Value;
    public long TimeUnixNano;
    /// <summary>Processor clock (ticks) when the series was last seen, for the staleness sweep.</summary>
    public long LastSeenTicks;
}

/// <summary>
/// What the processor remembers of one histogram series: 56 bytes plus its bucket counts, held in
/// an array rented from the shared pool (returned when the series is evicted). Bounds are kept as
/// a hash only: the processor needs to know that they changed, not what they were.
/// </summary>
internal struct HistogramDeltaState
{
    public ulong[] Buckets;
    public int BucketCount;
    public ulong BoundsHash;
    public ulong Count;
    /// <summary>The last sum that was a number: a NaN sum leaves it as it was.</summary>
    public double Sum;
    public long TimeUnixNano;
    public long LastSeenTicks;
}
