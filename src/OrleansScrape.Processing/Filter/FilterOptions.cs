using OrleansScrape.Configuration;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.Filter;

/// <summary>
/// Settings of the <c>filter</c> processor's metric-name subset: <c>metrics.include</c> keeps only
/// the metrics it names, <c>metrics.exclude</c> drops the ones it names, and exclude wins.
/// </summary>
public sealed record FilterOptions : IValidatedOptions
{
    public MetricNameFilter? Include { get; init; }

    public MetricNameFilter? Exclude { get; init; }

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        Include?.Validate("metrics.include", problems);
        Exclude?.Validate("metrics.exclude", problems);
        return problems;
    }
}

/// <summary>One of <c>metrics.include</c> / <c>metrics.exclude</c>.</summary>
public sealed record MetricNameFilter(MetricMatchType MatchType, IReadOnlyList<string> MetricNames)
{
    internal void Validate(string key, List<ConfigProblem> problems)
    {
        if (MetricNames.Count == 0)
        {
            problems.Add(new($"{key}.metric_names", "must name at least one metric"));
        }
        if (MatchType == MetricMatchType.Regexp)
        {
            foreach (var pattern in MetricNames)
            {
                if (MetricNameMatcher.RegexProblem(pattern) is { } problem)
                {
                    problems.Add(new($"{key}.metric_names", $"\"{pattern}\" is not a valid regular expression: {problem}"));
                }
            }
        }
    }
}
