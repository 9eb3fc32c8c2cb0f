using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Abstractions.Messages;

/// <summary>A target of the target set with the status of its grain, which names the silo scraping it.</summary>
[GenerateSerializer, Immutable]
public sealed record TargetAssignment
{
    [Id(0)] public required ScrapeTarget Target { get; init; }
    [Id(1)] public required TargetStatus Status { get; init; }
}
