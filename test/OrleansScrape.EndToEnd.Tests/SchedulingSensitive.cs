namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Tests that judge scrape timing (one scrape per slot) run alone: on a 2-core machine, other clusters
/// starting in parallel delay grain timers by more than the slack those tests allow.
/// </summary>
[CollectionDefinition(nameof(SchedulingSensitive), DisableParallelization = true)]
public sealed class SchedulingSensitive;
