namespace OrleansScrape.Prometheus.Discovery;

/// <param name="Targets">The targets to scrape.</param>
/// <param name="Dropped">Discovered targets that relabeling dropped.</param>
/// <param name="Errors">Discovered targets that could not become targets, with the reason.</param>
public sealed record TargetSet(IReadOnlyList<ScrapeTarget> Targets, int Dropped, IReadOnlyList<string> Errors);
