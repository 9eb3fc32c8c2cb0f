namespace OrleansScrape.Abstractions.Messages;

/// <summary>
/// What a series grain did with a pushed batch. A batch routed with fewer shards than the grain
/// knows of may hold series that moved to a child shard, so the grain refuses all of it and the
/// router cuts it again at <see cref="ShardCount"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesPushResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] int ShardCount);
