using System.Globalization;
using System.Text;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Rewrites an RE2 pattern (Go's <c>regexp/syntax</c> in its default Perl mode) as a .NET pattern with
/// the same meaning for the NonBacktracking engine, and refuses what RE2 refuses with Go's messages.
/// <para>
/// Everything whose meaning differs between the dialects is resolved here rather than left to .NET:
/// flags (<c>i m s U</c>) are applied while translating, so the output carries none; character classes
/// are computed as code-point sets (RE2's <c>\d \s \w</c> are ASCII, its <c>(?i)</c> folds before negating)
/// and written out explicitly; <c>.</c> and classes consume a whole surrogate pair, as RE2 consumes a whole
/// rune; <c>$</c> outside multi-line mode is the end of the text (.NET's would also match before a final
/// newline); and every group is emitted unnamed, so group numbers follow RE2's left-to-right order
/// (.NET numbers named groups after unnamed ones).
/// </para>
/// The one construct kept as .NET has it is <c>\b</c>/<c>\B</c>: RE2's word boundary is ASCII, .NET's is
/// Unicode, and the engine offers no way to say the former; they differ only next to non-ASCII letters.
/// </summary>
internal sealed class Re2Translator
{
    private const int FoldCase = 1;
    private const int DotNL = 2;
    private const int OneLine = 4;
    private const int NonGreedy = 8;
    private const int MaxRepeat = 1000;
    // Go's limit on parse-tree height; it also keeps the .NET parser's recursion shallow.
    private const int MaxNesting = 1000;

    private static readonly string AnyChar = SetText(RuneSet.Of((0, RuneSet.MaxRune)));
    private static readonly string AnyCharNotNL = SetText(RuneSet.Of((0, '\n' - 1), ('\n' + 1, RuneSet.MaxRune)));

    private readonly string _s;
    private readonly StringBuilder _out = new();
    private readonly List<string?> _names = [null];
    private readonly Stack<(int Flags, int OutStart, int LevelWeight)> _frames = new();
    private int _pos;
    // Go's Perl mode: ^ and $ match at the text's ends until (?m).
    private int _flags = OneLine;

    // The expression a repetition operator would apply to: its start in the output (-1 when there is
    // none, as after '(' or '|'), its weight (the product of counted repetitions inside it, which RE2
    // caps at 1000) and whether it already carries an operator.
    private int _atomStart = -1;
    private int _atomWeight;
    private bool _atomRepeated;
    private int _levelWeight;
    private int _lastRepeatStart = -1;
    private int _outermostCloses;
    private int _lastOutermostClose = -1;

    private Re2Translator(string pattern) => _s = pattern;

    /// <exception cref="Re2SyntaxException">RE2 does not accept the pattern.</exception>
    public static Re2Translation Translate(string pattern) => new Re2Translator(pattern).Run();

    private Re2Translation Run()
    {
        while (_pos < _s.Length)
        {
            var repeatStart = -1;
            switch (_s[_pos])
            {
                case '(':
                    if (_pos + 1 < _s.Length && _s[_pos + 1] == '?')
                    {
                        ParsePerlFlags();
                    }
                    else
                    {
                        _pos++;
                        OpenGroup(capture: true, name: null);
                    }
                    break;
                case '|':
                    FinishAtom();
                    _atomStart = -1;
                    _out.Append('|');
                    _pos++;
                    break;
                case ')':
                    CloseGroup();
                    _pos++;
                    break;
                case '^':
                    _pos++;
                    Atom((_flags & OneLine) != 0 ? @"(?:\A)" : "(?m:^)");
                    break;
                case '$':
                    _pos++;
                    Atom((_flags & OneLine) != 0 ? @"(?:\z)" : "(?m:$)");
                    break;
                case '.':
                    _pos++;
                    Atom((_flags & DotNL) != 0 ? AnyChar : AnyCharNotNL);
                    break;
                case '[':
                    ParseClass();
                    break;
                case '*' or '+' or '?':
                    repeatStart = _pos;
                    var op = _s[_pos++];
                    Repeat(repeatStart, op.ToString(), 0, 0, counted: false);
                    break;
                case '{':
                    if (TryParseRepeat(out var min, out var max, out var end))
                    {
                        repeatStart = _pos;
                        if (min < 0 || min > MaxRepeat || max > MaxRepeat || (max >= 0 && min > max))
                        {
                            throw Error("invalid repeat count", _s[_pos..end]);
                        }
                        var text = _s[_pos..end];
                        _pos = end;
                        Repeat(repeatStart, text, min, max, counted: true);
                    }
                    else
                    {
                        _pos++;
                        Literal('{');
                    }
                    break;
                case '\\':
                    ParseBackslash();
                    break;
                default:
                    Literal(ReadRune(ref _pos));
                    break;
            }
            _lastRepeatStart = repeatStart;
        }
        FinishAtom();
        if (_frames.Count > 0)
        {
            throw Error("missing closing )", _s);
        }
        var spansWholeInput = _s.StartsWith("^(", StringComparison.Ordinal) && _s.EndsWith(")$", StringComparison.Ordinal)
            && _outermostCloses == 1 && _lastOutermostClose == _s.Length - 2;
        return new Re2Translation(_out.ToString(), _names.ToArray(), spansWholeInput);
    }

    private void Atom(string text)
    {
        FinishAtom();
        _atomStart = _out.Length;
        _out.Append(text);
        _atomWeight = 1;
        _atomRepeated = false;
    }

    private void FinishAtom()
    {
        if (_atomStart >= 0)
        {
            _levelWeight = Math.Max(_levelWeight, _atomWeight);
        }
    }

    private void OpenGroup(bool capture, string? name)
    {
        if (_frames.Count >= MaxNesting)
        {
            throw Error("expression nests too deeply", _s);
        }
        FinishAtom();
        _frames.Push((_flags, _out.Length, _levelWeight));
        _levelWeight = 0;
        _atomStart = -1;
        if (capture)
        {
            _names.Add(name);
            _out.Append('(');
        }
        else
        {
            _out.Append("(?:");
        }
    }

    private void CloseGroup()
    {
        FinishAtom();
        if (_frames.Count == 0)
        {
            throw Error("unexpected )", _s);
        }
        var frame = _frames.Pop();
        _out.Append(')');
        var weight = Math.Max(1, _levelWeight);
        _flags = frame.Flags;
        _levelWeight = frame.LevelWeight;
        _atomStart = frame.OutStart;
        _atomWeight = weight;
        _atomRepeated = false;
        if (_frames.Count == 0)
        {
            _outermostCloses++;
            _lastOutermostClose = _pos;
        }
    }

    private void Repeat(int start, string operatorText, int min, int max, bool counted)
    {
        var nonGreedy = (_flags & NonGreedy) != 0;
        if (_pos < _s.Length && _s[_pos] == '?')
        {
            _pos++;
            nonGreedy = !nonGreedy;
        }
        if (_lastRepeatStart >= 0)
        {
            // RE2 follows Perl: a** is an error, not a doubled star.
            throw Error("invalid nested repetition operator", _s[_lastRepeatStart.._pos]);
        }
        if (_atomStart < 0)
        {
            throw Error("missing argument to repetition operator", _s[start.._pos]);
        }
        if (counted)
        {
            var m = max == -1 ? min : max;
            var weight = m == 0 ? 1 : m * _atomWeight;
            if ((min >= 2 || max >= 2) && m != 0 && weight > MaxRepeat)
            {
                throw Error("invalid repeat count", _s[start.._pos]);
            }
            _atomWeight = weight;
        }
        if (_atomRepeated)
        {
            // Only reachable through an empty flag group, as in a*(?i)*: RE2 repeats the repetition.
            _out.Insert(_atomStart, "(?:").Append(')');
        }
        _out.Append(operatorText);
        if (nonGreedy)
        {
            _out.Append('?');
        }
        _atomRepeated = true;
    }

    // Go's parseRepeat: {n}, {n,} or {n,m} without leading zeros; anything else makes '{' a literal.
    private bool TryParseRepeat(out int min, out int max, out int end)
    {
        max = 0;
        end = 0;
        var i = _pos + 1;
        if (!TryParseInt(ref i, out min) || i >= _s.Length)
        {
            return false;
        }
        if (_s[i] != ',')
        {
            max = min;
        }
        else
        {
            i++;
            if (i >= _s.Length)
            {
                return false;
            }
            if (_s[i] == '}')
            {
                max = -1;
            }
            else if (!TryParseInt(ref i, out max))
            {
                return false;
            }
            else if (max < 0)
            {
                min = -1;
            }
        }
        if (i >= _s.Length || _s[i] != '}')
        {
            return false;
        }
        end = i + 1;
        return true;
    }

    private bool TryParseInt(ref int i, out int value)
    {
        value = 0;
        if (i >= _s.Length || !char.IsAsciiDigit(_s[i]))
        {
            return false;
        }
        if (_s[i] == '0' && i + 1 < _s.Length && char.IsAsciiDigit(_s[i + 1]))
        {
            return false;
        }
        for (; i < _s.Length && char.IsAsciiDigit(_s[i]); i++)
        {
            if (value >= 100_000_000)
            {
                value = -1;
            }
            else if (value >= 0)
            {
                value = (value * 10) + (_s[i] - '0');
            }
        }
        return true;
    }

    private void ParsePerlFlags()
    {
        var t = _pos;
        var startsWithP = _s.Length - t > 4 && _s[t + 2] == 'P' && _s[t + 3] == '<';
        var startsWithName = _s.Length - t > 3 && _s[t + 2] == '<';
        if (startsWithP || startsWithName)
        {
            var lookbehind = _s.AsSpan(t).StartsWith("(?<=") || _s.AsSpan(t).StartsWith("(?<!")
                ? "lookbehind assertions are not supported by RE2"
                : null;
            var end = _s.IndexOf('>', t);
            if (end < 0)
            {
                CheckUtf16(t);
                throw Error("invalid named capture", _s[t..], lookbehind);
            }
            var name = _s[(t + (startsWithP ? 4 : 3))..end];
            CheckUtf16(t);
            if (!IsValidCaptureName(name))
            {
                throw Error("invalid named capture", _s[t..(end + 1)], lookbehind);
            }
            _pos = end + 1;
            OpenGroup(capture: true, name);
            return;
        }

        var flags = _flags;
        var sign = 1;
        var sawFlag = false;
        var i = t + 2;
        while (i < _s.Length)
        {
            var c = ReadRune(ref i);
            switch (c)
            {
                case 'i':
                    flags |= FoldCase;
                    sawFlag = true;
                    continue;
                case 'm':
                    flags &= ~OneLine;
                    sawFlag = true;
                    continue;
                case 's':
                    flags |= DotNL;
                    sawFlag = true;
                    continue;
                case 'U':
                    flags |= NonGreedy;
                    sawFlag = true;
                    continue;
                case '-' when sign > 0:
                    // Inverting makes the flag cases above clear instead of set; inverted back at the end.
                    sign = -1;
                    flags = ~flags;
                    sawFlag = false;
                    continue;
                case ':' or ')' when sign > 0 || sawFlag:
                    if (sign < 0)
                    {
                        flags = ~flags;
                    }
                    _pos = i;
                    if (c == ':')
                    {
                        OpenGroup(capture: false, name: null);
                    }
                    _flags = flags;
                    return;
            }
            break;
        }
        var lookahead = _s.AsSpan(t).StartsWith("(?=") || _s.AsSpan(t).StartsWith("(?!")
            ? "lookahead assertions are not supported by RE2"
            : null;
        throw Error("invalid or unsupported Perl syntax", _s[t..i], lookahead);
    }

    private void ParseBackslash()
    {
        if (_pos + 1 < _s.Length)
        {
            switch (_s[_pos + 1])
            {
                case 'A':
                    _pos += 2;
                    Atom(@"(?:\A)");
                    return;
                case 'b':
                    _pos += 2;
                    Atom(@"(?:\b)");
                    return;
                case 'B':
                    _pos += 2;
                    Atom(@"(?:\B)");
                    return;
                case 'C':
                    throw Error("invalid escape sequence", @"\C");
                case 'Q':
                    // \Q...\E: everything up to \E (or the end) is literal.
                    var end = _s.IndexOf(@"\E", _pos + 2, StringComparison.Ordinal);
                    var literalEnd = end < 0 ? _s.Length : end;
                    var i = _pos + 2;
                    while (i < literalEnd)
                    {
                        Literal(ReadRune(ref i));
                    }
                    _pos = end < 0 ? _s.Length : end + 2;
                    return;
                case 'z':
                    _pos += 2;
                    Atom(@"(?:\z)");
                    return;
                case 'p' or 'P':
                    Atom(SetText(ParseUnicodeClass(ref _pos)));
                    return;
            }
            if (UnicodeClasses.TryGetPerl(_s[_pos + 1], out var positive, out var negated))
            {
                _pos += 2;
                Atom(SetText(Group(positive, negated)));
                return;
            }
        }
        Literal(ParseEscape(ref _pos));
    }

    private void ParseClass()
    {
        var classStart = _pos;
        var i = _pos + 1;
        var negate = false;
        if (i < _s.Length && _s[i] == '^')
        {
            negate = true;
            i++;
        }
        var set = new RuneSet();
        // ']' (and '-') are literals when they come first.
        var first = true;
        while (i >= _s.Length || _s[i] != ']' || first)
        {
            first = false;
            if (_s.Length - i > 2 && _s[i] == '[' && _s[i + 1] == ':')
            {
                var close = _s.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    if (!UnicodeClasses.TryGetPosix(_s[(i + 2)..close], out var posix, out var posixNegated))
                    {
                        throw Error("invalid character class range", _s[i..(close + 2)]);
                    }
                    set.Add(Group(posix, posixNegated));
                    i = close + 2;
                    continue;
                }
            }
            if (_s.Length - i >= 2 && _s[i] == '\\')
            {
                if (_s[i + 1] is 'p' or 'P')
                {
                    set.Add(ParseUnicodeClass(ref i));
                    continue;
                }
                if (UnicodeClasses.TryGetPerl(_s[i + 1], out var perl, out var perlNegated))
                {
                    set.Add(Group(perl, perlNegated));
                    i += 2;
                    continue;
                }
            }
            var rangeStart = i;
            var lo = ParseClassChar(ref i, classStart);
            var hi = lo;
            // [a-] is 'a' or '-'.
            if (_s.Length - i >= 2 && _s[i] == '-' && _s[i + 1] != ']')
            {
                i++;
                hi = ParseClassChar(ref i, classStart);
                if (hi < lo)
                {
                    throw Error("invalid character class range", _s[rangeStart..i]);
                }
            }
            var range = RuneSet.Of((lo, hi));
            set.Add((_flags & FoldCase) != 0 ? range.Folded() : range);
        }
        _pos = i + 1;
        Atom(SetText(negate ? set.Negated() : set));
    }

    private int ParseClassChar(ref int i, int classStart)
    {
        if (i >= _s.Length)
        {
            throw Error("missing closing ]", _s[classStart..]);
        }
        return _s[i] == '\\' ? ParseEscape(ref i) : ReadRune(ref i);
    }

    // \pL, \p{Greek}, \PL, \p{^L}: RE2 folds the positive table before negating it.
    private RuneSet ParseUnicodeClass(ref int i)
    {
        var start = i;
        var negate = _s[i + 1] == 'P';
        var t = i + 2;
        string sequence;
        string name;
        if (t >= _s.Length)
        {
            sequence = _s[start..t];
            name = "";
        }
        else if (_s[t] != '{')
        {
            ReadRune(ref t);
            sequence = _s[start..t];
            name = sequence[2..];
        }
        else
        {
            var end = _s.IndexOf('}', start);
            if (end < 0)
            {
                CheckUtf16(start);
                throw Error("invalid character class range", _s[start..]);
            }
            sequence = _s[start..(end + 1)];
            name = _s[(start + 3)..end];
            t = end + 1;
        }
        if (name.StartsWith('^'))
        {
            negate = !negate;
            name = name[1..];
        }
        if (!UnicodeClasses.TryGetUnicode(name, out var positive, out var tableNegated))
        {
            throw Error("invalid character class range", sequence,
                "Unicode general categories such as \\p{L} are supported; scripts such as \\p{Greek} are not");
        }
        i = t;
        return Group(positive, negate != tableNegated);
    }

    // Go's parseEscape: the rune an escape outside the class shorthands stands for.
    private int ParseEscape(ref int i)
    {
        var start = i;
        var t = i + 1;
        if (t >= _s.Length)
        {
            throw Error("trailing backslash at end of expression", "");
        }
        var c = ReadRune(ref t);
        string? hint = null;
        switch (c)
        {
            case < 0x80 when !char.IsAsciiLetterOrDigit((char)c):
                // Escaped punctuation is always itself.
                i = t;
                return c;
            case >= '1' and <= '7' when t < _s.Length && _s[t] is >= '0' and <= '7':
            case '0':
                var octal = c - '0';
                for (var k = 1; k < 3 && t < _s.Length && _s[t] is >= '0' and <= '7'; k++)
                {
                    octal = (octal * 8) + (_s[t++] - '0');
                }
                i = t;
                return octal;
            case >= '1' and <= '9':
                hint = "backreferences are not supported by RE2";
                break;
            case 'x':
                if (t >= _s.Length)
                {
                    break;
                }
                c = ReadRune(ref t);
                if (c == '{')
                {
                    var digits = 0;
                    var value = 0;
                    while (true)
                    {
                        if (t >= _s.Length)
                        {
                            throw Error("invalid escape sequence", _s[start..t]);
                        }
                        c = ReadRune(ref t);
                        if (c == '}')
                        {
                            break;
                        }
                        var digit = Unhex(c);
                        if (digit < 0 || (value = (value * 16) + digit) > RuneSet.MaxRune)
                        {
                            throw Error("invalid escape sequence", _s[start..t]);
                        }
                        digits++;
                    }
                    if (digits == 0)
                    {
                        break;
                    }
                    i = t;
                    return value;
                }
                var high = Unhex(c);
                var low = t < _s.Length ? Unhex(ReadRune(ref t)) : -1;
                if (high < 0 || low < 0)
                {
                    break;
                }
                i = t;
                return (high * 16) + low;
            case 'a':
                i = t;
                return '\a';
            case 'f':
                i = t;
                return '\f';
            case 'n':
                i = t;
                return '\n';
            case 'r':
                i = t;
                return '\r';
            case 't':
                i = t;
                return '\t';
            case 'v':
                i = t;
                return '\v';
        }
        throw Error("invalid escape sequence", _s[start..t], hint);
    }

    private void Literal(int rune)
    {
        if ((_flags & FoldCase) != 0)
        {
            var folded = RuneSet.Of((rune, rune)).Folded();
            if (folded.Ranges is not [var (lo, hi)] || lo != hi)
            {
                Atom(SetText(folded));
                return;
            }
        }
        Atom(rune < 0x80 && char.IsAsciiLetterOrDigit((char)rune) ? ((char)rune).ToString() : SetText(RuneSet.Of((rune, rune))));
    }

    private RuneSet Group(RuneSet positive, bool negated)
    {
        var set = (_flags & FoldCase) != 0 ? positive.Folded() : positive;
        return negated ? set.Negated() : set;
    }

    private int ReadRune(ref int i)
    {
        var c = _s[i];
        if (char.IsHighSurrogate(c) && i + 1 < _s.Length && char.IsLowSurrogate(_s[i + 1]))
        {
            i += 2;
            return char.ConvertToUtf32(c, _s[i - 1]);
        }
        if (char.IsSurrogate(c))
        {
            throw Error("invalid UTF-8", _s[i..]);
        }
        i++;
        return c;
    }

    private void CheckUtf16(int from)
    {
        for (var i = from; i < _s.Length;)
        {
            ReadRune(ref i);
        }
    }

    private static bool IsValidCaptureName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static int Unhex(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static Re2SyntaxException Error(string code, string expression, string? hint = null) =>
        new($"error parsing regexp: {code}: `{expression}`{(hint is null ? "" : $" ({hint})")}");

    /// <summary>
    /// A code-point set as one .NET atom: a class for the Basic Multilingual Plane (without surrogate
    /// code units, which are never characters on their own) plus surrogate-pair alternatives above it.
    /// </summary>
    internal static string SetText(RuneSet set)
    {
        var bmp = new List<(int Lo, int Hi)>();
        // Low-surrogate ranges per high surrogate, for the code points above the BMP.
        var supplementary = new SortedDictionary<int, List<(int Lo, int Hi)>>();
        foreach (var (lo, hi) in set.Ranges)
        {
            if (lo <= 0xD7FF)
            {
                bmp.Add((lo, Math.Min(hi, 0xD7FF)));
            }
            if (hi >= 0xE000 && lo <= 0xFFFF)
            {
                bmp.Add((Math.Max(lo, 0xE000), Math.Min(hi, 0xFFFF)));
            }
            for (var cp = Math.Max(lo, 0x10000); cp <= hi;)
            {
                var high = 0xD800 + ((cp - 0x10000) >> 10);
                var blockEnd = Math.Min(hi, 0x10000 + ((high - 0xD800 + 1) << 10) - 1);
                if (!supplementary.TryGetValue(high, out var lows))
                {
                    supplementary[high] = lows = [];
                }
                lows.Add((0xDC00 + ((cp - 0x10000) & 0x3FF), 0xDC00 + ((blockEnd - 0x10000) & 0x3FF)));
                cp = blockEnd + 1;
            }
        }

        var alternatives = new List<string>();
        if (bmp.Count > 0)
        {
            alternatives.Add(bmp is [var (single, same)] && single == same ? Unit(single) : ClassText(bmp));
        }
        var fullRunStart = -1;
        var fullRunEnd = -1;
        foreach (var (high, lows) in supplementary)
        {
            if (lows is [(0xDC00, 0xDFFF)])
            {
                // Consecutive high surrogates whose every pair is included become one [H1-H2][\uDC00-\uDFFF].
                if (fullRunStart >= 0 && high == fullRunEnd + 1)
                {
                    fullRunEnd = high;
                    continue;
                }
                FlushFullRun(alternatives, fullRunStart, fullRunEnd);
                fullRunStart = fullRunEnd = high;
                continue;
            }
            FlushFullRun(alternatives, fullRunStart, fullRunEnd);
            fullRunStart = fullRunEnd = -1;
            alternatives.Add(Unit(high) + (lows is [var (lo, hi)] && lo == hi ? Unit(lo) : ClassText(lows)));
        }
        FlushFullRun(alternatives, fullRunStart, fullRunEnd);

        return alternatives.Count switch
        {
            0 => @"[^\u0000-\uFFFF]",
            1 when bmp.Count > 0 => alternatives[0],
            _ => $"(?:{string.Join('|', alternatives)})",
        };
    }

    private static void FlushFullRun(List<string> alternatives, int start, int end)
    {
        if (start >= 0)
        {
            alternatives.Add(UnitRange(start, end) + UnitRange(0xDC00, 0xDFFF));
        }
    }

    private static string ClassText(List<(int Lo, int Hi)> ranges)
    {
        var text = new StringBuilder().Append('[');
        foreach (var (lo, hi) in ranges)
        {
            text.Append(Unit(lo));
            if (hi != lo)
            {
                text.Append('-').Append(Unit(hi));
            }
        }
        return text.Append(']').ToString();
    }

    private static string UnitRange(int lo, int hi) => lo == hi ? Unit(lo) : $"[{Unit(lo)}-{Unit(hi)}]";

    private static string Unit(int codeUnit) => "\\u" + codeUnit.ToString("X4", CultureInfo.InvariantCulture);
}
