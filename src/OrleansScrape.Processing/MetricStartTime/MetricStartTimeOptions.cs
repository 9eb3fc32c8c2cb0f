using OrleansScrape.Configuration;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.MetricStartTime;

/// <summary>Settings of the <c>metric_start_time</c> processor, with the upstream defaults.</summary>
public sealed record MetricStartTimeOptions : IValidatedOptions
{
    public StartTimeStrategy Strategy { get; init; } = StartTimeStrategy.TrueResetPoint;

    /// <summary>Series not seen since the previous sweep are forgotten at each sweep, this often.</summary>
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// With <see cref="StartTimeStrategy.StartTimeMetric"/>: a regular expression (unanchored) naming
    /// the metric that holds the start time in seconds; null means exactly <c>process_start_time_seconds</c>.
    /// </summary>
    public string? StartTimeMetricRegex { get; init; }

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (GcInterval <= TimeSpan.Zero)
        {
            problems.Add(new("gc_interval", "must be positive"));
        }
        if (StartTimeMetricRegex is not null)
        {
            if (Strategy != StartTimeStrategy.StartTimeMetric)
            {
                problems.Add(new("start_time_metric_regex", "can only be set with strategy start_time_metric"));
            }
            else if (MetricNameMatcher.RegexProblem(StartTimeMetricRegex) is { } problem)
            {
                problems.Add(new("start_time_metric_regex", $"\"{StartTimeMetricRegex}\" is not a valid regular expression: {problem}"));
            }
        }
        return problems;
    }
}

/// <summary>How the processor finds a start time for cumulative points that have none.</summary>
public enum StartTimeStrategy
{
    /// <summary><c>true_reset_point</c>: a series' first point starts at its own timestamp; later points start there too.</summary>
    TrueResetPoint,
    /// <summary><c>subtract_initial_point</c>: the first point is dropped and subtracted from the later ones.</summary>
    SubtractInitialPoint,
    /// <summary><c>start_time_metric</c>: the start is the value of a start time metric of the same scrape.</summary>
    StartTimeMetric,
}
