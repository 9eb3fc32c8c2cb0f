namespace OrleansScrape.Processing.Matching;

/// <summary>How metric name patterns match (the Collector's <c>match_type</c>).</summary>
public enum MetricMatchType
{
    /// <summary>The name equals one of the patterns.</summary>
    Strict,
    /// <summary>One of the patterns, a regular expression, matches somewhere in the name (unanchored, as Go's <c>MatchString</c>).</summary>
    Regexp,
}
