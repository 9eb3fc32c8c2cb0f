namespace OrleansScrape.Processing.MetricStartTime;

/// <summary>
/// What the processor remembers of one series. "Previous" is the last point seen (for reset
/// detection); "reference" is the subtracted initial point of <c>subtract_initial_point</c>.
/// Bucket counts live in arrays rented from the shared pool, returned when the series is forgotten.
/// </summary>
internal struct StartTimeState
{
    public long StartTimeUnixNano;
    public long LastSeenTicks;
    public bool HasPrevious;
    public double PreviousValue;
    public ulong PreviousCount;
    public ulong BoundsHash;
    public ulong[]? PreviousBuckets;
    public int BucketCount;
    public double ReferenceValue;
    public ulong ReferenceCount;
    /// <summary>Null after a reset: the new reference is an empty histogram.</summary>
    public ulong[]? ReferenceBuckets;
}
