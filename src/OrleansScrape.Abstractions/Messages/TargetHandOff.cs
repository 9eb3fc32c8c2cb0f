using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Abstractions.Messages;

/// <summary>
/// What a target grain on a stopping scraper silo hands to its next activation: the target and
/// when its next scrape is due, so the scrape of that slot happens once, on the new silo.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TargetHandOff
{
    [Id(0)] public required ScrapeTarget Target { get; init; }
    [Id(1)] public required DateTimeOffset NextDue { get; init; }
    [Id(2)] public long Scrapes { get; init; }
    [Id(3)] public TargetStatus? LastStatus { get; init; }
}
