namespace OrleansScrape.Grains.Allocation;

/// <summary>A scraper silo the planner may assign targets to: its name and, if known, its Kubernetes node.</summary>
public readonly record struct AllocationCollector(string Name, string? Node = null);
