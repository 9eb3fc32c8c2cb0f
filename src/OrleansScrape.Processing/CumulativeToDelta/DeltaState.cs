namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>What the processor remembers of one series: 32 bytes.</summary>
internal struct DeltaState
{
    public double Value;
    public long TimeUnixNano;
    /// <summary>Processor clock (ticks) when the series was last seen, for the staleness sweep.</summary>
    public long LastSeenTicks;
}
