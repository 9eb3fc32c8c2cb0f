namespace OrleansScrape.Abstractions.Messages;

[GenerateSerializer, Immutable]
public sealed record SeriesStatus
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Silo { get; init; }
    /// <summary>Number of series whose state the grain's processors hold.</summary>
    [Id(2)] public int Series { get; init; }
    [Id(3)] public long BatchesReceived { get; init; }
    [Id(4)] public long PointsReceived { get; init; }
    /// <summary>Shards of the grain's resource as far as the grain knows (1 when it is not split).</summary>
    [Id(5)] public int ShardCount { get; init; } = 1;
    /// <summary>Whether the grain has a record in the series storage.</summary>
    [Id(6)] public bool CheckpointExists { get; init; }
}
