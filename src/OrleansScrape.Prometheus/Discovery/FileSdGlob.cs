namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// File patterns of file_sd with Go's <c>filepath.Match</c> syntax, applied to the last path element only:
/// <c>*</c> any run of characters, <c>?</c> one character, <c>[abc]</c> / <c>[a-z]</c> / <c>[^a-z]</c> a class,
/// <c>\x</c> the character x. Matching is ordinal and case-sensitive, as in Prometheus.
/// </summary>
public static class FileSdGlob
{
    private static readonly char[] Meta = ['*', '?', '['];

    public static bool HasWildcard(string element) => element.IndexOfAny(Meta) >= 0;

    /// <summary>Whether the pattern is well-formed (classes closed, escapes complete).</summary>
    public static bool IsValid(string pattern)
    {
        // Go checks the syntax of the whole pattern; matching against an impossible name walks all of it.
        try
        {
            MatchCore(pattern, 0, "\0", 0, checkOnly: true);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool IsMatch(string pattern, string name)
    {
        try
        {
            return MatchCore(pattern, 0, name, 0, checkOnly: false);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The files that match a path whose last element may be a glob, sorted by name as Go's Glob does.
    /// A missing or unreadable directory yields nothing (Go's Glob ignores I/O errors too).
    /// </summary>
    public static IReadOnlyList<string> Expand(string path)
    {
        var directory = Path.GetDirectoryName(path);
        var pattern = Path.GetFileName(path);
        if (!HasWildcard(pattern))
        {
            return File.Exists(path) ? [path] : [];
        }
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return [];
        }
        try
        {
            var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, MatchType = MatchType.Simple };
            return Directory.EnumerateFiles(directory, "*", options)
                .Where(file => IsMatch(pattern, Path.GetFileName(file)))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // Backtracking matcher over Go's grammar; checkOnly walks the whole pattern to find syntax errors.
    private static bool MatchCore(string pattern, int p, string name, int n, bool checkOnly)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }
                if (checkOnly)
                {
                    continue;
                }
                for (var start = n; start <= name.Length; start++)
                {
                    if (MatchCore(pattern, p, name, start, checkOnly: false))
                    {
                        return true;
                    }
                }
                // A later syntax error must still be found, as Go reports ErrBadPattern for the whole pattern.
                MatchCore(pattern, p, "\0", 0, checkOnly: true);
                return false;
            }
            if (c == '?')
            {
                if (!checkOnly && n >= name.Length)
                {
                    return false;
                }
                p++;
                n++;
                continue;
            }
            if (c == '[')
            {
                var (matched, next) = MatchClass(pattern, p + 1, !checkOnly && n < name.Length ? name[n] : '\0');
                if (!checkOnly && (n >= name.Length || !matched))
                {
                    CheckRest(pattern, next);
                    return false;
                }
                p = next;
                n++;
                continue;
            }
            if (c == '\\')
            {
                p++;
                if (p >= pattern.Length)
                {
                    throw new FormatException("trailing backslash");
                }
                c = pattern[p];
            }
            if (!checkOnly && (n >= name.Length || name[n] != c))
            {
                CheckRest(pattern, p + 1);
                return false;
            }
            p++;
            n++;
        }
        return checkOnly || n == name.Length;
    }

    private static void CheckRest(string pattern, int p) => MatchCore(pattern, p, "\0", 0, checkOnly: true);

    private static (bool Matched, int Next) MatchClass(string pattern, int p, char c)
    {
        var negated = p < pattern.Length && pattern[p] == '^';
        if (negated)
        {
            p++;
        }
        var matched = false;
        var ranges = 0;
        while (true)
        {
            if (p >= pattern.Length)
            {
                throw new FormatException("unterminated character class");
            }
            if (pattern[p] == ']' && ranges > 0)
            {
                return (matched != negated, p + 1);
            }
            var lo = ClassChar(pattern, ref p);
            var hi = lo;
            if (p < pattern.Length && pattern[p] == '-')
            {
                p++;
                hi = ClassChar(pattern, ref p);
            }
            if (lo <= c && c <= hi)
            {
                matched = true;
            }
            ranges++;
        }
    }

    private static char ClassChar(string pattern, ref int p)
    {
        if (p >= pattern.Length || pattern[p] is '-' or ']')
        {
            throw new FormatException("bad character class");
        }
        if (pattern[p] == '\\')
        {
            p++;
            if (p >= pattern.Length)
            {
                throw new FormatException("trailing backslash");
            }
        }
        return pattern[p++];
    }
}
