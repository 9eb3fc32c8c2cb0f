namespace OrleansScrape.Abstractions.Messages;

/// <summary>
/// A series grain's processor state as a new child shard takes it over: each stateful processor's
/// image by processor name (empty when the parent holds none).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesHandOver(
    [property: Id(0)] string[] Processors,
    [property: Id(1)] byte[][] States);
