using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Targets;

/// <summary>
/// What a target grain carries to its new silo when it migrates: the target and its job, when
/// its next scrape is due (so the scrape due at T happens once, on one side of the move) and
/// the status of its last scrape. The translator's per-series cache stays behind (see
/// <see cref="TargetGrain"/>).
/// </summary>
[GenerateSerializer]
internal sealed record TargetMigrationState
{
    public const string Key = "orleans-scrape.target";

    [Id(0)] public required ScrapeTarget Target { get; init; }
    [Id(1)] public required ScrapeConfig Job { get; init; }
    [Id(2)] public required DateTimeOffset NextDue { get; init; }
    [Id(3)] public long Scrapes { get; init; }
    [Id(4)] public TargetStatus? LastStatus { get; init; }
}
