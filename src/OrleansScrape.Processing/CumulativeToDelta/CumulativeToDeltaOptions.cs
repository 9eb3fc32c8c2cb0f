using OrleansScrape.Configuration;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>Settings of the <c>cumulativetodelta</c> processor, with the upstream defaults (see README.md).</summary>
public sealed record CumulativeToDeltaOptions : IValidatedOptions
{
    /// <summary>Metrics to convert (<c>include</c>); null converts every eligible metric.</summary>
    public DeltaMetricSelection? Include { get; init; }

    /// <summary>Metrics never to convert (<c>exclude</c>); wins over <see cref="Include"/>.</summary>
    public DeltaMetricSelection? Exclude { get; init; }

    /// <summary>State of a series not seen for this long is dropped; zero keeps it forever.</summary>
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromHours(1);

    public InitialValueMode InitialValue { get; init; } = InitialValueMode.Auto;

    /// <summary>What a decrease (a counter reset) produces. An OrleansScrape extension: upstream always drops.</summary>
    public ResetPolicy Reset { get; init; } = ResetPolicy.KeepIncrease;

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (MaxStaleness < TimeSpan.Zero)
        {
            problems.Add(new("max_staleness", "must not be negative (0 keeps state forever)"));
        }
        Include?.Validate("include", problems);
        Exclude?.Validate("exclude", problems);
        return problems;
    }
}

/// <summary>
/// One of <c>include</c> / <c>exclude</c>: metric names (with how they match) and metric types.
/// Names and types are separate conditions: a metric is selected when its name is selected (or no
/// names are given) and its type is selected (or no types are given).
/// </summary>
public sealed record DeltaMetricSelection
{
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>Required when <see cref="Metrics"/> is not empty, as upstream.</summary>
    public MetricMatchType? MatchType { get; init; }

    public IReadOnlyList<DeltaMetricType> MetricTypes { get; init; } = [];

    internal void Validate(string key, List<ConfigProblem> problems)
    {
        if (Metrics.Count > 0 && MatchType is null)
        {
            problems.Add(new($"{key}.metrics", "match_type must be set if metrics are supplied"));
        }
        if (MatchType is not null && Metrics.Count == 0)
        {
            problems.Add(new($"{key}.match_type", "metrics must be supplied if match_type is set"));
        }
        if (MatchType == MetricMatchType.Regexp)
        {
            foreach (var pattern in Metrics)
            {
                if (MetricNameMatcher.RegexProblem(pattern) is { } problem)
                {
                    problems.Add(new($"{key}.metrics", $"\"{pattern}\" is not a valid regular expression: {problem}"));
                }
            }
        }
    }
}

/// <summary>The metric types <c>metric_types</c> can name.</summary>
public enum DeltaMetricType
{
    Sum,
    Histogram,
    ExponentialHistogram,
}

/// <summary>What the processor emits for the point at which a cumulative series decreased.</summary>
public enum ResetPolicy
{
    /// <summary>
    /// The post-reset value is the increase since the restart (the counter restarted from zero),
    /// as Prometheus's <c>increase()</c> assumes: a restarting target loses nothing. The default.
    /// </summary>
    KeepIncrease,
    /// <summary>Upstream behaviour: the point is dropped and only becomes the new baseline.</summary>
    Drop,
}
