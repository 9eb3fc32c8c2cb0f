namespace OrleansScrape.Grains.Allocation;

/// <summary>
/// What the planner knows of a target: its stable key (never its mutable labels, so a label
/// change cannot move it), the Kubernetes node it runs on if discovery told, and its observed
/// series count (0 until it has been scraped).
/// </summary>
public readonly record struct AllocationTarget(string Key, string? Node = null, long Series = 0);
