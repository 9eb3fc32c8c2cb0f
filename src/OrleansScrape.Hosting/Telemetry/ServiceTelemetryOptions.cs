using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// <c>service.telemetry</c>: OrleansScrape's own metrics (level, readers), the resource they are
/// pushed with, and the level of its own logs. Read by <see cref="ServiceTelemetryReader"/>, wired by
/// <see cref="SelfTelemetry"/>.
/// </summary>
public sealed record ServiceTelemetryOptions : IValidatedOptions
{
    public SelfMetricsOptions Metrics { get; init; } = new();

    public SelfLogsOptions Logs { get; init; } = new();

    /// <summary>
    /// <c>resource</c>: attributes of every self-metric push and scrape, over the defaults
    /// (<c>service.name</c> <c>orleans-scrape</c>, <c>service.instance.id</c>, <c>service.version</c>);
    /// a null value removes a default attribute, as in the Collector.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Resource { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = Metrics.Validate().Select(p => p with { Key = $"metrics.{p.Key}" }).ToList();
        if (Resource.Keys.Any(k => k.Length == 0))
        {
            problems.Add(new ConfigProblem("resource", "an attribute needs a name"));
        }
        return problems;
    }
}
