using System.Text.RegularExpressions;

namespace OrleansScrape.Processing.Matching;

/// <summary>A compiled set of metric name patterns. Matching a name allocates nothing.</summary>
public sealed class MetricNameMatcher
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly HashSet<string>? _names;
    private readonly Regex[]? _patterns;

    private MetricNameMatcher(HashSet<string>? names, Regex[]? patterns)
    {
        _names = names;
        _patterns = patterns;
    }

    /// <exception cref="ArgumentException">A regexp pattern is not a valid regular expression.</exception>
    public static MetricNameMatcher Create(MetricMatchType matchType, IEnumerable<string> patterns) => matchType switch
    {
        MetricMatchType.Strict => new MetricNameMatcher(new HashSet<string>(patterns, StringComparer.Ordinal), null),
        _ => new MetricNameMatcher(null, patterns.Select(Compile).ToArray()),
    };

    /// <summary>The reason a pattern is not a valid regular expression, or null when it is.</summary>
    public static string? RegexProblem(string pattern)
    {
        try
        {
            Compile(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);

    public bool Matches(string name)
    {
        if (_names is not null)
        {
            return _names.Contains(name);
        }
        foreach (var pattern in _patterns!)
        {
            if (pattern.IsMatch(name))
            {
                return true;
            }
        }
        return false;
    }
}
