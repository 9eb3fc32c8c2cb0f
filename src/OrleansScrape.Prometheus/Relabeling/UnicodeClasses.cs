using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// The named character classes of RE2 as code-point sets: Perl's <c>\d \s \w</c> and POSIX's
/// <c>[:alpha:]</c> (both ASCII-only in RE2, unlike .NET's Unicode <c>\d</c> and <c>\w</c>) and Unicode
/// general categories for <c>\p{...}</c>. Each is returned as its positive set and a sign, because
/// RE2 case-folds the positive set before negating it.
/// </summary>
internal static class UnicodeClasses
{
    private static readonly (int, int)[] Digit = [('0', '9')];
    private static readonly (int, int)[] Space = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    private static readonly (int, int)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    private static readonly Dictionary<string, (int, int)[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    // Go's unicode.Categories keys, with the .NET categories each covers.
    private static readonly Dictionary<string, UnicodeCategory[]> Categories = BuildCategories();

    private static readonly ConcurrentDictionary<string, RuneSet> CategorySets = new(StringComparer.Ordinal);
    private static readonly Lazy<byte[]> CategoryOf = new(() =>
    {
        var table = new byte[RuneSet.MaxRune + 1];
        for (var cp = 0; cp <= RuneSet.MaxRune; cp++)
        {
            table[cp] = (byte)CharUnicodeInfo.GetUnicodeCategory(cp);
        }
        return table;
    });

    /// <summary>Perl classes: <c>\d \D \s \S \w \W</c>.</summary>
    public static bool TryGetPerl(char letter, out RuneSet positive, out bool negated)
    {
        negated = char.IsUpper(letter);
        (int, int)[]? ranges = char.ToLowerInvariant(letter) switch
        {
            'd' => Digit,
            's' => Space,
            'w' => Word,
            _ => null,
        };
        positive = ranges is null ? new RuneSet() : RuneSet.Of(ranges);
        return ranges is not null;
    }

    /// <summary>POSIX classes by the text between <c>[:</c> and <c>:]</c>, such as <c>alpha</c> or <c>^alpha</c>.</summary>
    public static bool TryGetPosix(string name, out RuneSet positive, out bool negated)
    {
        negated = name.StartsWith('^');
        if (Posix.TryGetValue(negated ? name[1..] : name, out var ranges))
        {
            positive = RuneSet.Of(ranges);
            return true;
        }
        positive = new RuneSet();
        return false;
    }

    /// <summary>
    /// A Unicode class name as RE2 looks it up: case, underscores, hyphens and spaces ignored; general
    /// categories (<c>L</c>, <c>Lu</c>, <c>Letter</c>, ...), <c>Any</c>, <c>ASCII</c> and <c>Assigned</c>.
    /// Scripts such as <c>Greek</c> are not available: .NET carries no script data.
    /// </summary>
    public static bool TryGetUnicode(string name, out RuneSet positive, out bool negated)
    {
        negated = false;
        var canonical = CanonicalName(name);
        switch (canonical)
        {
            case "Any":
                positive = RuneSet.Of((0, RuneSet.MaxRune));
                return true;
            case "Ascii":
                positive = RuneSet.Of((0, 0x7F));
                return true;
            case "Assigned":
                negated = true;
                positive = CategorySet("Cn");
                return true;
        }
        if (Categories.ContainsKey(canonical))
        {
            positive = CategorySet(canonical);
            return true;
        }
        positive = new RuneSet();
        return false;
    }

    private static RuneSet CategorySet(string canonical) => CategorySets.GetOrAdd(canonical, static key =>
    {
        var wanted = new bool[32];
        foreach (var category in Categories[key])
        {
            wanted[(int)category] = true;
        }
        var table = CategoryOf.Value;
        var set = new RuneSet();
        var start = -1;
        for (var cp = 0; cp <= RuneSet.MaxRune + 1; cp++)
        {
            var inside = cp <= RuneSet.MaxRune && wanted[table[cp]];
            if (inside && start < 0)
            {
                start = cp;
            }
            else if (!inside && start >= 0)
            {
                set.Add(start, cp - 1);
                start = -1;
            }
        }
        return set;
    });

    // Go's canonicalName: separators dropped, first letter upper case, the rest lower case.
    private static string CanonicalName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '_' or '-' or ' ')
            {
                continue;
            }
            builder.Append(builder.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    private static Dictionary<string, UnicodeCategory[]> BuildCategories()
    {
        UnicodeCategory[] lu = [UnicodeCategory.UppercaseLetter], ll = [UnicodeCategory.LowercaseLetter],
            lt = [UnicodeCategory.TitlecaseLetter], lm = [UnicodeCategory.ModifierLetter], lo = [UnicodeCategory.OtherLetter],
            mn = [UnicodeCategory.NonSpacingMark], mc = [UnicodeCategory.SpacingCombiningMark], me = [UnicodeCategory.EnclosingMark],
            nd = [UnicodeCategory.DecimalDigitNumber], nl = [UnicodeCategory.LetterNumber], no = [UnicodeCategory.OtherNumber],
            pc = [UnicodeCategory.ConnectorPunctuation], pd = [UnicodeCategory.DashPunctuation], ps = [UnicodeCategory.OpenPunctuation],
            pe = [UnicodeCategory.ClosePunctuation], pi = [UnicodeCategory.InitialQuotePunctuation], pf = [UnicodeCategory.FinalQuotePunctuation],
            po = [UnicodeCategory.OtherPunctuation], sm = [UnicodeCategory.MathSymbol], sc = [UnicodeCategory.CurrencySymbol],
            sk = [UnicodeCategory.ModifierSymbol], so = [UnicodeCategory.OtherSymbol], zs = [UnicodeCategory.SpaceSeparator],
            zl = [UnicodeCategory.LineSeparator], zp = [UnicodeCategory.ParagraphSeparator], cc = [UnicodeCategory.Control],
            cf = [UnicodeCategory.Format], cs = [UnicodeCategory.Surrogate], co = [UnicodeCategory.PrivateUse],
            cn = [UnicodeCategory.OtherNotAssigned];
        UnicodeCategory[] l = [.. lu, .. ll, .. lt, .. lm, .. lo], lc = [.. lu, .. ll, .. lt], m = [.. mn, .. mc, .. me],
            n = [.. nd, .. nl, .. no], p = [.. pc, .. pd, .. ps, .. pe, .. pi, .. pf, .. po], s = [.. sm, .. sc, .. sk, .. so],
            z = [.. zs, .. zl, .. zp], c = [.. cc, .. cf, .. cs, .. co];

        var map = new Dictionary<string, UnicodeCategory[]>(StringComparer.Ordinal)
        {
            ["L"] = l, ["Lu"] = lu, ["Ll"] = ll, ["Lt"] = lt, ["Lm"] = lm, ["Lo"] = lo, ["Lc"] = lc,
            ["M"] = m, ["Mn"] = mn, ["Mc"] = mc, ["Me"] = me,
            ["N"] = n, ["Nd"] = nd, ["Nl"] = nl, ["No"] = no,
            ["P"] = p, ["Pc"] = pc, ["Pd"] = pd, ["Ps"] = ps, ["Pe"] = pe, ["Pi"] = pi, ["Pf"] = pf, ["Po"] = po,
            ["S"] = s, ["Sm"] = sm, ["Sc"] = sc, ["Sk"] = sk, ["So"] = so,
            ["Z"] = z, ["Zs"] = zs, ["Zl"] = zl, ["Zp"] = zp,
            ["C"] = c, ["Cc"] = cc, ["Cf"] = cf, ["Cs"] = cs, ["Co"] = co, ["Cn"] = cn,
        };
        // Unicode's long category names, which Go accepts as aliases.
        (string Alias, string Category)[] aliases =
        [
            ("Cased_Letter", "Lc"), ("Close_Punctuation", "Pe"), ("Combining_Mark", "M"), ("Connector_Punctuation", "Pc"),
            ("Control", "Cc"), ("cntrl", "Cc"), ("Currency_Symbol", "Sc"), ("Dash_Punctuation", "Pd"), ("Decimal_Number", "Nd"),
            ("digit", "Nd"), ("Enclosing_Mark", "Me"), ("Final_Punctuation", "Pf"), ("Format", "Cf"),
            ("Initial_Punctuation", "Pi"), ("Letter", "L"), ("Letter_Number", "Nl"), ("Line_Separator", "Zl"),
            ("Lowercase_Letter", "Ll"), ("Mark", "M"), ("Math_Symbol", "Sm"), ("Modifier_Letter", "Lm"),
            ("Modifier_Symbol", "Sk"), ("Nonspacing_Mark", "Mn"), ("Number", "N"), ("Open_Punctuation", "Ps"),
            ("Other", "C"), ("Other_Letter", "Lo"), ("Other_Number", "No"), ("Other_Punctuation", "Po"),
            ("Other_Symbol", "So"), ("Paragraph_Separator", "Zp"), ("Private_Use", "Co"), ("Punctuation", "P"),
            ("punct", "P"), ("Separator", "Z"), ("Space_Separator", "Zs"), ("Spacing_Mark", "Mc"), ("Surrogate", "Cs"),
            ("Symbol", "S"), ("Titlecase_Letter", "Lt"), ("Unassigned", "Cn"), ("Uppercase_Letter", "Lu"),
        ];
        foreach (var (alias, category) in aliases)
        {
            map[CanonicalName(alias)] = map[category];
        }
        return map;
    }
}
