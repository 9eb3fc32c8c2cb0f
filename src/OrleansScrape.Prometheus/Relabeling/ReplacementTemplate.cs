using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// A <c>target_label</c> or <c>replacement</c> template, parsed once the way Go's <c>Regexp.Expand</c>
/// reads it: <c>$$</c> is a dollar; <c>$name</c> takes the longest run of letters, digits and
/// underscores (so <c>$1x</c> names group "1x"); <c>${name}</c> delimits it; an all-digit name without a
/// leading zero is a group number; a group that does not exist or did not take part expands to nothing;
/// a <c>$</c> not followed by a valid reference stays as it is.
/// </summary>
internal sealed class ReplacementTemplate
{
    // A literal (Group < 0) or a reference to a group the regex has.
    private readonly (string? Text, int Group)[] _parts;

    private ReplacementTemplate(string template, (string? Text, int Group)[] parts)
    {
        _parts = parts;
        HasReference = template.Contains('$');
        Literal = parts switch
        {
            [] => "",
            [(string text, _)] => text,
            _ => null,
        };
    }

    /// <summary>Whether the template has a <c>$</c> at all: Prometheus's fast path for replace checks exactly this.</summary>
    public bool HasReference { get; }

    /// <summary>The expansion when it does not depend on the match.</summary>
    public string? Literal { get; }

    public static ReplacementTemplate Compile(string template, RelabelRegex regex)
    {
        var parts = new List<(string? Text, int Group)>();
        var literal = new StringBuilder();
        var i = 0;
        while (true)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }
            literal.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                literal.Append('$');
                i++;
                continue;
            }
            if (!TryExtract(template, i, out var name, out var number, out var rest))
            {
                literal.Append('$');
                continue;
            }
            i = rest;
            var group = number >= 0 ? (number <= regex.GroupCount ? number : -1) : regex.GroupNumber(name);
            if (group < 0)
            {
                continue;
            }
            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), -1));
                literal.Clear();
            }
            parts.Add((null, group));
        }
        literal.Append(template, i, template.Length - i);
        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), -1));
        }
        return new ReplacementTemplate(template, [.. parts]);
    }

    public string Expand(Match match)
    {
        if (Literal is not null)
        {
            return Literal;
        }
        if (_parts is [(null, var only)])
        {
            return match.Groups[only].Value;
        }
        var length = 0;
        foreach (var (text, group) in _parts)
        {
            length += text?.Length ?? match.Groups[group].Length;
        }
        return string.Create(length, (_parts, match), static (span, state) =>
        {
            foreach (var (text, group) in state._parts)
            {
                ReadOnlySpan<char> piece = text ?? state.match.Groups[group].ValueSpan;
                piece.CopyTo(span);
                span = span[piece.Length..];
            }
        });
    }

    /// <summary>Expansion for the catch-all <c>(.*)</c>, whose groups 0 and 1 are both the whole input.</summary>
    public string ExpandCatchAll(string input)
    {
        if (Literal is not null)
        {
            return Literal;
        }
        if (_parts is [(null, _)])
        {
            return input;
        }
        var length = 0;
        foreach (var (text, _) in _parts)
        {
            length += text?.Length ?? input.Length;
        }
        return string.Create(length, (_parts, input), static (span, state) =>
        {
            foreach (var (text, _) in state._parts)
            {
                ReadOnlySpan<char> piece = text ?? state.input;
                piece.CopyTo(span);
                span = span[piece.Length..];
            }
        });
    }

    // Go's extract: a name of letters, digits and '_' (optionally in braces); numeric when all ASCII
    // digits, below 10^9-ish as Go counts, and without a leading zero.
    private static bool TryExtract(string template, int start, out string name, out int number, out int rest)
    {
        name = "";
        number = -1;
        rest = start;
        if (start >= template.Length)
        {
            return false;
        }
        var brace = template[start] == '{';
        var nameStart = brace ? start + 1 : start;
        var i = nameStart;
        while (i < template.Length)
        {
            if (Rune.DecodeFromUtf16(template.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done
                || !(Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value == '_'))
            {
                break;
            }
            i += consumed;
        }
        if (i == nameStart)
        {
            return false;
        }
        name = template[nameStart..i];
        if (brace)
        {
            if (i >= template.Length || template[i] != '}')
            {
                return false;
            }
            i++;
        }
        number = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || number >= 100_000_000)
            {
                number = -1;
                break;
            }
            number = (number * 10) + (c - '0');
        }
        if (name[0] == '0' && name.Length > 1)
        {
            number = -1;
        }
        rest = i;
        return true;
    }
}
