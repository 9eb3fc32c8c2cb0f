namespace OrleansScrape.Hosting.Telemetry;

/// <summary>A periodic reader's <c>temporality_preference</c>.</summary>
public enum SelfMetricsTemporality
{
    /// <summary><c>cumulative</c> (the default): every sum and histogram carries its total since start.</summary>
    Cumulative,

    /// <summary>
    /// <c>delta</c>: counters, observable counters and histograms carry the change since the previous
    /// push; up-down counters stay cumulative. Dynatrace accepts only this.
    /// </summary>
    Delta,

    /// <summary><c>lowmemory</c>: synchronous counters and histograms are delta, everything else cumulative.</summary>
    LowMemory,
}
