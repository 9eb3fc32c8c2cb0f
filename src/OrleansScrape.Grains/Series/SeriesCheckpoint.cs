namespace OrleansScrape.Grains.Series;

/// <summary>
/// The saved state of a series grain: each stateful processor's image, by processor name, as it
/// was after the last batch whose output was delivered; the resource's shard count as far as the
/// grain knows it; and when the grain last received a batch, so a checkpoint older than the state
/// time-to-live is dropped instead of resumed.
/// </summary>
[GenerateSerializer]
public sealed class SeriesCheckpoint
{
    [Id(0)] public string[] Processors { get; set; } = [];
    [Id(1)] public byte[][] States { get; set; } = [];
    /// <summary>0 in checkpoints written before resources were split: read as one shard.</summary>
    [Id(2)] public int ShardCount { get; set; }
    /// <summary>Default when unknown (older checkpoints, and records that only keep the shard count).</summary>
    [Id(3)] public DateTimeOffset LastPushUtc { get; set; }
}
