namespace OrleansScrape.Grains.Series;

/// <summary>How series grains share a resource's series and how long they keep idle state.</summary>
public sealed record SeriesOptions
{
    /// <summary>Series of one resource per shard before the resource is split (0 = never split).</summary>
    public int SplitThreshold { get; init; } = 50_000;

    /// <summary>Most shards of one resource; a power of two up to <see cref="SeriesShards.MaxShardCount"/>.</summary>
    public int MaxShards { get; init; } = SeriesShards.MaxShardCount;

    /// <summary>
    /// A grain that saw no batch for this long drops its state and its checkpoint: every one of its
    /// series is past cumulativetodelta's <c>max_staleness</c>. Zero keeps state forever.
    /// </summary>
    public TimeSpan StateTtl { get; init; }

    /// <summary>Problems that make the options unusable; empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SplitThreshold < 0)
        {
            problems.Add($"split_threshold must not be negative, not {SplitThreshold}.");
        }
        if (MaxShards < 1 || MaxShards > SeriesShards.MaxShardCount || (MaxShards & (MaxShards - 1)) != 0)
        {
            problems.Add($"max_shards must be a power of two from 1 to {SeriesShards.MaxShardCount}, not {MaxShards}.");
        }
        if (StateTtl < TimeSpan.Zero)
        {
            problems.Add($"the state time-to-live must not be negative, not {StateTtl}.");
        }
        return problems;
    }
}
