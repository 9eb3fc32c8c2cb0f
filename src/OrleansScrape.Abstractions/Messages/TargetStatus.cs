namespace OrleansScrape.Abstractions.Messages;

/// <summary>What a target grain knows about its last scrape, for pages and tests.</summary>
[GenerateSerializer, Immutable]
public sealed record TargetStatus
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Job { get; init; }
    [Id(2)] public required string ScrapeUrl { get; init; }
    [Id(3)] public required string Silo { get; init; }
    [Id(4)] public TargetHealth Health { get; init; }
    [Id(5)] public DateTimeOffset? LastScrape { get; init; }
    [Id(6)] public TimeSpan LastScrapeDuration { get; init; }
    [Id(7)] public string? LastError { get; init; }
    [Id(8)] public int LastSamples { get; init; }
    [Id(9)] public long ScrapeCount { get; init; }
    [Id(10)] public TimeSpan ScrapeOffset { get; init; }
}
