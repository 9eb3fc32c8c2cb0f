namespace OrleansScrape.Prometheus.Discovery;

/// <summary>What became of one discovered target: a target to scrape, dropped by relabeling, or invalid.</summary>
public readonly record struct TargetBuildResult(ScrapeTarget? Target, string? Error)
{
    public bool Dropped => Target is null && Error is null;
}
