namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// An RE2 pattern rewritten for .NET: the pattern, the capture-group names by group number (RE2
/// numbers named and unnamed groups together from the left, which the rewrite keeps by emitting every
/// group unnamed), and whether any match necessarily spans the whole input.
/// </summary>
internal sealed record Re2Translation(string Pattern, IReadOnlyList<string?> GroupNames, bool SpansWholeInput);
