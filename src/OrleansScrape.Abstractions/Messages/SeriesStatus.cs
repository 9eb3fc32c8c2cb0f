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
}
