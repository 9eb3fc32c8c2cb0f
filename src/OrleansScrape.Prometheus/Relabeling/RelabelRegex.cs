using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// A relabeling regex: RE2 syntax, anchored at both ends and with <c>.</c> matching newlines, as
/// Prometheus compiles it (<c>^(?s:</c>pattern<c>)$</c>), run by .NET's linear-time NonBacktracking
/// engine. Compiled once when parsed. Equality is by pattern; <see cref="IsDefault"/> tells the
/// shared default instance apart, because Prometheus distinguishes an unset regex from an explicit
/// <c>(.*)</c> when validating <c>keepequal</c> and <c>dropequal</c>.
/// </summary>
public sealed class RelabelRegex : IEquatable<RelabelRegex>
{
    private const string DefaultPattern = "(.*)";

    // Surrogate code units, searched with SearchValues: vectorized and allocation-free on the per-series path.
    private static readonly SearchValues<char> Surrogates =
        SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(unit => (char)unit).ToArray());

    private readonly Regex _regex;
    private readonly IReadOnlyList<string?> _groupNames;

    private RelabelRegex(string pattern, Regex regex, Re2Translation translation)
    {
        Pattern = pattern;
        _regex = regex;
        _groupNames = translation.GroupNames;
        SpansWholeInput = translation.SpansWholeInput;
        IsCatchAll = pattern == DefaultPattern;
    }

    /// <summary>The regex a relabel rule has when it sets none: <c>(.*)</c>.</summary>
    public static RelabelRegex Default { get; } = Parse(DefaultPattern);

    /// <summary>The pattern as written, without Prometheus's anchoring.</summary>
    public string Pattern { get; }

    public bool IsDefault => ReferenceEquals(this, Default);

    /// <summary>Number of capture groups, not counting the whole match.</summary>
    public int GroupCount => _groupNames.Count - 1;

    // "(.*)" matches every input and captures all of it, which lets hot paths skip the engine.
    internal bool IsCatchAll { get; }

    // False when the pattern closes Prometheus's anchoring group early (e.g. "a)|(b"), making partial
    // matches possible; replacement then has to walk the matches like Go's ReplaceAllString.
    internal bool SpansWholeInput { get; }

    internal Regex Regex => _regex;

    /// <exception cref="ArgumentException">The pattern is not valid RE2, or uses what the engine cannot run.</exception>
    public static RelabelRegex Parse(string pattern) =>
        TryParse(pattern, out var regex, out var error) ? regex : throw new ArgumentException(error, nameof(pattern));

    public static bool TryParse(string pattern, [NotNullWhen(true)] out RelabelRegex? regex, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        regex = null;
        Re2Translation translation;
        try
        {
            translation = Re2Translator.Translate("^(?s:" + pattern + ")$");
        }
        catch (Re2SyntaxException e)
        {
            error = e.Message;
            return false;
        }
        try
        {
            var compiled = new Regex(translation.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            regex = new RelabelRegex(pattern, compiled, translation);
            error = null;
            return true;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            // The translation only emits constructs the engine supports; this guards the engine's own limits.
            error = $"regexp `{pattern}` cannot be run by the linear-time engine: {e.Message}";
            return false;
        }
    }

    public bool IsMatch(string input) => _regex.IsMatch(ToRuneText(input));

    /// <summary>The leftmost match, as Go's <c>FindStringSubmatchIndex</c> finds it.</summary>
    internal Match Match(string input) => _regex.Match(input);

    /// <summary>Group number of the first group with this name, or -1 (Go's <c>Expand</c> lookup).</summary>
    internal int GroupNumber(string name)
    {
        for (var i = 1; i < _groupNames.Count; i++)
        {
            if (_groupNames[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The text as RE2 sees it: Go matches UTF-8, where an unpaired surrogate cannot exist and reads
    /// as U+FFFD. The translated pattern never matches a lone surrogate, so replace them first.
    /// </summary>
    internal static string ToRuneText(string input)
    {
        var span = input.AsSpan();
        var index = span.IndexOfAny(Surrogates);
        if (index < 0)
        {
            return input;
        }
        char[]? copy = null;
        for (var i = index; i < span.Length; i++)
        {
            if (!char.IsSurrogate(span[i]))
            {
                continue;
            }
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }
            copy ??= span.ToArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? input : new string(copy);
    }

    public bool Equals(RelabelRegex? other) => other is not null && other.Pattern == Pattern;

    public override bool Equals(object? obj) => Equals(obj as RelabelRegex);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Pattern);

    public override string ToString() => Pattern;
}
