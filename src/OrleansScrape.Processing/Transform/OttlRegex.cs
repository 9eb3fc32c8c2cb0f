using System.Text.RegularExpressions;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.Transform;

/// <summary>
/// Regular expressions of statements: .NET's non-backtracking engine (linear time, like upstream's
/// RE2) with a match timeout, unanchored as in Go's regexp.
/// </summary>
internal static class OttlRegex
{
    public static Regex Compile(string pattern) => MetricNameMatcher.Compile(pattern);

    public static bool IsMatch(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new OttlRuntimeException($"the pattern \"{regex}\" timed out");
        }
    }

    public static string Replace(Regex regex, string text, string replacement)
    {
        try
        {
            return regex.Replace(text, replacement);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new OttlRuntimeException($"the pattern \"{regex}\" timed out");
        }
    }
}
