using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// A pull parser for the Prometheus text exposition format 0.0.4 over a whole UTF-8 body.
/// <see cref="Next"/> moves to the next non-empty line; the accessors then describe that entry as
/// views into the body, so parsing allocates nothing per sample. Strings are produced only by the
/// explicit <c>...ToString</c> helpers.
/// A body may also come in chunks cut at line boundaries, each parsed by its own parser that
/// continues from a <see cref="ParserState"/> the caller keeps (see the chunk constructor).
/// </summary>
/// <remarks>
/// Where the 0.0.4 description is loose, this follows what the Prometheus server's own parser
/// accepts: blanks are spaces and tabs and may lead a line or surround any token (including
/// between <c>}</c> and the value); an unknown escape such as <c>\t</c> in a label value or HELP
/// text is kept as the two bytes it is; <c>\"</c> is an escape in label values but not in HELP
/// text; a carriage return is an ordinary byte, so CRLF line endings are rejected. It is stricter
/// in two places: labels must be separated by commas, and TYPE names must be lower case.
/// Every error throws <see cref="ExpositionFormatException"/> naming the line.
/// </remarks>
public ref struct TextFormatParser : IExpositionParser
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    private readonly ReadOnlySpan<byte> _buffer;
    private MetricFamilySet? _families;
    // Set when the body comes in chunks: the state handed from chunk to chunk, and whether this is the last.
    private readonly ParserState? _state;
    private readonly bool _final;
    private int _position;
    private int _linesRead;

    // The current entry.
    private int _lineNumber;
    private int _nameStart;
    private int _nameLength;
    private int _labelsStart;
    private int _labelsLength;
    private int _labelCount;
    private double _value;
    private long _timestamp;
    private bool _hasTimestamp;
    private int _textStart;
    private int _textLength;
    private MetricKind _kind;

    // The family the latest HELP, TYPE or series line belongs to.
    // Views into the body, or into the state's storage for a family carried over from an earlier chunk.
    private ReadOnlySpan<byte> _familyName;
    private MetricKind _familyKind;
    private ReadOnlySpan<byte> _familyHelp;
    private int _familyIndex;
    // False while the family has been named only by HELP: it enters the set with its first sample.
    private bool _familyRecorded;

    /// <summary>Parses <paramref name="body"/>; the family table is allocated when the first family appears.</summary>
    public TextFormatParser(ReadOnlySpan<byte> body)
        : this(body, null)
    {
    }

    /// <summary>
    /// Parses <paramref name="body"/> using <paramref name="families"/> (cleared here) as the family
    /// table; pass the same instance to every parse to keep steady-state parsing allocation-free.
    /// </summary>
    public TextFormatParser(ReadOnlySpan<byte> body, MetricFamilySet? families)
    {
        _buffer = body;
        _families = families;
        families?.Clear();
        _familyIndex = -1;
        _final = true;
    }

    /// <summary>
    /// Parses one chunk of a body that comes in chunks, continuing where the chunk before it left
    /// <paramref name="state"/> (call <see cref="ParserState.Reset"/> before the first chunk). Every
    /// chunk but the <paramref name="final"/> one must end with a line feed. Line numbers count from
    /// the start of the body.
    /// </summary>
    /// <exception cref="ArgumentException">A chunk that is not final does not end with a line feed.</exception>
    public TextFormatParser(ReadOnlySpan<byte> chunk, ParserState state, bool final)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!final && !chunk.IsEmpty && chunk[^1] != '\n')
        {
            throw new ArgumentException("A chunk that is not the last must end with a line feed.", nameof(chunk));
        }
        _buffer = chunk;
        _state = state;
        _final = final;
        _families = state.Families;
        _linesRead = state.LinesRead;
        _familyIndex = state.FamilyIndex;
        _familyKind = state.FamilyKind;
        _familyName = state.FamilyName;
        _familyHelp = state.FamilyHelp;
        _familyRecorded = state.FamilyRecorded;
    }

    /// <summary>1-based line number of the current entry.</summary>
    public readonly int LineNumber => _lineNumber;

    /// <summary>The metric name of a Series, Help or Type entry.</summary>
    public readonly ReadOnlySpan<byte> MetricName => _buffer.Slice(_nameStart, _nameLength);

    /// <summary>The bytes between the braces of a Series entry (empty without labels), as written.</summary>
    public readonly ReadOnlySpan<byte> RawLabels => _buffer.Slice(_labelsStart, _labelsLength);

    /// <summary>Number of labels of a Series entry.</summary>
    public readonly int LabelCount => _labelCount;

    /// <summary>The labels of a Series entry, for <c>foreach</c>.</summary>
    public readonly LabelEnumerator Labels => new(RawLabels);

    /// <summary>The sample value of a Series entry.</summary>
    public readonly double Value => _value;

    public readonly bool HasTimestamp => _hasTimestamp;

    /// <summary>The sample timestamp of a Series entry, in Unix milliseconds, when <see cref="HasTimestamp"/>.</summary>
    public readonly long TimestampMilliseconds => _timestamp;

    /// <summary>The sample timestamp in Unix nanoseconds; false without one or when it overflows a <see cref="long"/>.</summary>
    public readonly bool TryGetTimestampUnixNanoseconds(out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        if (!_hasTimestamp || _timestamp > long.MaxValue / NanosecondsPerMillisecond || _timestamp < long.MinValue / NanosecondsPerMillisecond)
        {
            return false;
        }
        unixNanoseconds = _timestamp * NanosecondsPerMillisecond;
        return true;
    }

    // Text 0.0.4 has neither exemplars nor UNIT lines: these members always report absence.
    public readonly bool HasExemplar => false;

    public readonly ReadOnlySpan<byte> RawExemplarLabels => default;

    public readonly int ExemplarLabelCount => 0;

    public readonly LabelEnumerator ExemplarLabels => default;

    public readonly double ExemplarValue => 0;

    public readonly bool ExemplarHasTimestamp => false;

    public readonly long ExemplarTimestampMilliseconds => 0;

    public readonly bool TryGetExemplarTimestampUnixNanoseconds(out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        return false;
    }

    public readonly ReadOnlySpan<byte> UnitText => default;

    public readonly ReadOnlySpan<byte> FamilyUnit => default;

    /// <summary>The text of a Help entry, escapes unresolved; see <see cref="HelpTextToString"/>.</summary>
    public readonly ReadOnlySpan<byte> RawHelpText => _buffer.Slice(_textStart, _textLength);

    /// <summary>The text of a Comment entry after <c>#</c> and the blanks that follow it.</summary>
    public readonly ReadOnlySpan<byte> CommentText => _buffer.Slice(_textStart, _textLength);

    /// <summary>The type a Type entry declares.</summary>
    public readonly MetricKind Kind => _kind;

    /// <summary>
    /// The family of the current entry: a TYPE or HELP name, or for a series without one, the
    /// series name. Histogram and summary <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series and
    /// counter <c>_total</c> series belong to their declared family.
    /// </summary>
    public readonly ReadOnlySpan<byte> FamilyName => _familyName;

    /// <summary>The declared type of <see cref="FamilyName"/>, <see cref="MetricKind.Untyped"/> without TYPE.</summary>
    public readonly MetricKind FamilyKind => _familyKind;

    /// <summary>The HELP text of the current family as written (empty without HELP).</summary>
    public readonly ReadOnlySpan<byte> RawFamilyHelp => _familyHelp;

    /// <summary>Changes whenever the current entry belongs to another family than the previous one.</summary>
    public readonly int FamilyIndex => _familyIndex;

    public ExpositionEntry Next()
    {
        var buffer = _buffer;
        while (_position < buffer.Length)
        {
            var start = _position;
            var rest = buffer[start..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            _position = newline < 0 ? buffer.Length : start + newline + 1;
            _lineNumber = ++_linesRead;

            var position = ExpositionBytes.SkipBlanks(line, 0);
            if (position == line.Length)
            {
                continue;
            }
            if (line[position] == '#')
            {
                return ParseHashLine(line, start, position + 1);
            }
            ParseSeries(line, start, position);
            return ExpositionEntry.Series;
        }
        if (!_final)
        {
            HandOn();
        }
        return ExpositionEntry.EndOfInput;
    }

    /// <summary>At the end of a chunk that is not the last: leaves to the state what the next chunk continues from.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandOn()
    {
        var state = _state!;
        state.LinesRead = _linesRead;
        state.FamilyIndex = _familyIndex;
        state.FamilyKind = _familyKind;
        state.FamilyRecorded = _familyRecorded;
        state.SaveFamily(_familyName, _familyHelp, default);
        // From here on the family lives in the state's storage, so calling Next again stays safe.
        _familyName = state.FamilyName;
        _familyHelp = state.FamilyHelp;
    }

    /// <summary>
    /// Writes the unescaped form of a raw label value: <c>\\</c>, <c>\"</c> and <c>\n</c> are
    /// resolved, any other backslash pair is kept. Returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="rawValue"/>.</exception>
    public static int UnescapeLabelValue(ReadOnlySpan<byte> rawValue, Span<byte> destination) =>
        ExpositionEscapes.Unescape(rawValue, destination, unescapeQuote: true);

    /// <summary>Writes the unescaped form of raw HELP text: <c>\\</c> and <c>\n</c> are resolved, anything else kept.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="rawText"/>.</exception>
    public static int UnescapeHelpText(ReadOnlySpan<byte> rawText, Span<byte> destination) =>
        ExpositionEscapes.Unescape(rawText, destination, unescapeQuote: false);

    public static string LabelValueToString(ReadOnlySpan<byte> rawValue) => ExpositionEscapes.UnescapeToString(rawValue, unescapeQuote: true);

    public static string HelpTextToString(ReadOnlySpan<byte> rawText) => ExpositionEscapes.UnescapeToString(rawText, unescapeQuote: false);

    /// <summary>The text of the current Help entry, unescaped, as a new string.</summary>
    public readonly string GetHelpText() => HelpTextToString(RawHelpText);

    private ExpositionEntry ParseHashLine(ReadOnlySpan<byte> line, int offset, int position)
    {
        var keyword = ExpositionBytes.SkipBlanks(line, position);
        // As in Prometheus, "#HELP" without a blank after '#' is a plain comment.
        if (keyword > position)
        {
            if (IsKeyword(line, keyword, "HELP"u8))
            {
                ParseHelp(line, offset, keyword + 4);
                return ExpositionEntry.Help;
            }
            if (IsKeyword(line, keyword, "TYPE"u8))
            {
                ParseType(line, offset, keyword + 4);
                return ExpositionEntry.Type;
            }
        }
        _textStart = offset + keyword;
        _textLength = line.Length - keyword;
        return ExpositionEntry.Comment;
    }

    private static bool IsKeyword(ReadOnlySpan<byte> line, int position, ReadOnlySpan<byte> keyword)
    {
        var end = position + keyword.Length;
        return line[position..].StartsWith(keyword) && (end == line.Length || ExpositionBytes.IsBlank(line[end]));
    }

    private void ParseHelp(ReadOnlySpan<byte> line, int offset, int position)
    {
        var nameEnd = ParseMetadataName(line, offset, position, "HELP");
        var textStart = ExpositionBytes.SkipBlanks(line, nameEnd);
        var text = line[textStart..];
        if (!Utf8.IsValid(text))
        {
            throw Error("HELP text of metric ", MetricName, " is not valid UTF-8");
        }
        _textStart = offset + textStart;
        _textLength = text.Length;
        if (!IsCurrentFamily(MetricName))
        {
            StartFamily(_nameStart, _nameLength, MetricKind.Untyped, recorded: false);
        }
        _familyHelp = _buffer.Slice(_textStart, _textLength);
    }

    private void ParseType(ReadOnlySpan<byte> line, int offset, int position)
    {
        var nameEnd = ParseMetadataName(line, offset, position, "TYPE");
        var typeStart = ExpositionBytes.SkipBlanks(line, nameEnd);
        var typeEnd = line.Length;
        while (typeEnd > typeStart && ExpositionBytes.IsBlank(line[typeEnd - 1]))
        {
            typeEnd--;
        }
        var type = line[typeStart..typeEnd];
        if (type.IsEmpty)
        {
            throw Error("TYPE line of metric ", MetricName, " has no type");
        }
        _kind = type switch
        {
            _ when type.SequenceEqual("counter"u8) => MetricKind.Counter,
            _ when type.SequenceEqual("gauge"u8) => MetricKind.Gauge,
            _ when type.SequenceEqual("histogram"u8) => MetricKind.Histogram,
            _ when type.SequenceEqual("summary"u8) => MetricKind.Summary,
            _ when type.SequenceEqual("untyped"u8) => MetricKind.Untyped,
            _ => throw Error("invalid metric type ", type, " for metric ", MetricName),
        };

        var families = _families ??= new MetricFamilySet();
        var hash = MetricFamilySet.Hash(MetricName);
        if (!families.TryAdd(hash, _kind, declared: true))
        {
            families.TryGet(hash, out _, out var declared);
            throw declared
                ? Error("second TYPE line for metric ", MetricName)
                : Error("TYPE line for metric ", MetricName, " after its samples");
        }
        if (IsCurrentFamily(MetricName))
        {
            // The family was opened by its HELP line; keep that text.
            _familyKind = _kind;
            _familyRecorded = true;
        }
        else
        {
            StartFamily(_nameStart, _nameLength, _kind, recorded: true);
        }
    }

    /// <summary>Reads the metric name of a HELP or TYPE line and returns where it ends.</summary>
    private int ParseMetadataName(ReadOnlySpan<byte> line, int offset, int position, string keyword)
    {
        var nameStart = ExpositionBytes.SkipBlanks(line, position);
        if (nameStart == line.Length)
        {
            throw Error(keyword + " line without metric name");
        }
        var nameEnd = ReadMetricName(line, nameStart);
        if (nameEnd == nameStart || (nameEnd < line.Length && !ExpositionBytes.IsBlank(line[nameEnd])))
        {
            throw Error("invalid metric name ", TokenAt(line, nameStart), " in " + keyword + " line");
        }
        _nameStart = offset + nameStart;
        _nameLength = nameEnd - nameStart;
        return nameEnd;
    }

    private void ParseSeries(ReadOnlySpan<byte> line, int offset, int position)
    {
        var nameEnd = ReadMetricName(line, position);
        if (nameEnd == position)
        {
            throw Error("invalid metric name ", TokenAt(line, position));
        }
        _nameStart = offset + position;
        _nameLength = nameEnd - position;
        _labelsStart = 0;
        _labelsLength = 0;
        _labelCount = 0;

        var next = ExpositionBytes.SkipBlanks(line, nameEnd);
        if (next < line.Length && line[next] == '{')
        {
            next = ExpositionBytes.SkipBlanks(line, ParseLabels(line, offset, next + 1));
        }
        else if (next == nameEnd && next < line.Length)
        {
            // The name runs into a byte that can neither continue it nor end it.
            throw Error("invalid metric name ", TokenAt(line, position));
        }
        if (next == line.Length)
        {
            throw Error("missing value for metric ", MetricName);
        }

        var valueEnd = TokenEnd(line, next);
        var valueToken = line[next..valueEnd];
        if (!ExpositionNumbers.TryParseValue(valueToken, out _value))
        {
            throw Error("invalid value ", valueToken, " for metric ", MetricName);
        }

        _hasTimestamp = false;
        _timestamp = 0;
        next = ExpositionBytes.SkipBlanks(line, valueEnd);
        if (next < line.Length)
        {
            var timestampEnd = TokenEnd(line, next);
            var timestampToken = line[next..timestampEnd];
            if (!TryParseTimestamp(timestampToken, out _timestamp))
            {
                throw Error("invalid timestamp ", timestampToken, " for metric ", MetricName);
            }
            _hasTimestamp = true;
            next = ExpositionBytes.SkipBlanks(line, timestampEnd);
            if (next < line.Length)
            {
                throw Error("unexpected ", TokenAt(line, next), " after the timestamp of metric ", MetricName);
            }
        }

        AssignFamily();
    }

    /// <summary>Parses the labels after <c>{</c> and returns the position after <c>}</c>.</summary>
    private int ParseLabels(ReadOnlySpan<byte> line, int offset, int position)
    {
        var start = position;
        var count = 0;
        // One bit per (length, first, last byte) shape of the names so far: the duplicate
        // check re-reads earlier labels only when a shape repeats.
        var seenShapes = 0UL;
        position = ExpositionBytes.SkipBlanks(line, position);
        while (true)
        {
            if (position == line.Length)
            {
                throw Error("missing \"}\" after the labels of metric ", MetricName);
            }
            if (line[position] == '}')
            {
                break;
            }

            var labelStart = position;
            var nameEnd = ExpositionBytes.IsLetterOrUnderscore(line[position])
                ? ExpositionBytes.SkipAll(line, position + 1, ExpositionBytes.LabelNameChars)
                : position;
            if (nameEnd == position || (nameEnd < line.Length && line[nameEnd] != '=' && !ExpositionBytes.IsBlank(line[nameEnd])))
            {
                var token = LabelTokenAt(line, position);
                throw token.IsEmpty
                    ? Error("expected label name, found ", line.Slice(position, 1))
                    : Error("invalid label name ", token);
            }
            var name = line[position..nameEnd];

            position = ExpositionBytes.SkipBlanks(line, nameEnd);
            if (position == line.Length || line[position] != '=')
            {
                throw Error("expected \"=\" after label name ", name);
            }
            position = ExpositionBytes.SkipBlanks(line, position + 1);
            if (position == line.Length || line[position] != '"')
            {
                throw Error("expected quoted value for label ", name);
            }
            var valueStart = ++position;
            while (true)
            {
                var special = line[position..].IndexOfAny((byte)'"', (byte)'\\');
                // A backslash needs a byte after it on the same line.
                if (special < 0 || (line[position + special] == '\\' && position + special + 1 == line.Length))
                {
                    throw Error("unterminated value of label ", name);
                }
                position += special;
                if (line[position] == '"')
                {
                    break;
                }
                position += 2;
            }
            if (!Utf8.IsValid(line[valueStart..position]))
            {
                throw Error("value of label ", name, " is not valid UTF-8");
            }
            position++;

            var shape = 1UL << ((name.Length * 7 + name[0] + name[^1] * 3) & 63);
            if ((seenShapes & shape) != 0 && ContainsLabel(line[start..labelStart], name))
            {
                throw Error("duplicate label name ", name);
            }
            seenShapes |= shape;
            count++;

            position = ExpositionBytes.SkipBlanks(line, position);
            if (position < line.Length && line[position] == ',')
            {
                position = ExpositionBytes.SkipBlanks(line, position + 1);
                continue;
            }
            if (position < line.Length && line[position] == '}')
            {
                break;
            }
            if (position == line.Length)
            {
                throw Error("missing \"}\" after the labels of metric ", MetricName);
            }
            throw Error("expected \",\" or \"}\" after the value of label ", name);
        }
        _labelsStart = offset + start;
        _labelsLength = position - start;
        _labelCount = count;
        return position + 1;
    }

    private static bool ContainsLabel(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> name)
    {
        foreach (var label in new LabelEnumerator(labels))
        {
            if (label.Name.SequenceEqual(name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Puts the series just parsed into its family, opening a new family when it changes.</summary>
    private void AssignFamily()
    {
        var name = MetricName;
        if (_familyIndex >= 0 && BelongsTo(name, FamilyName, _familyKind))
        {
            if (!_familyRecorded)
            {
                RecordHelpOnlyFamily();
            }
            return;
        }

        // Reached once per family in a well-formed body, so hashing here is off the per-sample path.
        var families = _families ??= new MetricFamilySet();
        var hash = MetricFamilySet.Hash(name);
        if (families.TryGet(hash, out var kind, out _))
        {
            StartFamily(_nameStart, _nameLength, kind, recorded: true);
            return;
        }
        if (TryFindDeclaredStem(families, name, out var stemLength, out kind))
        {
            StartFamily(_nameStart, stemLength, kind, recorded: true);
            return;
        }
        families.TryAdd(hash, MetricKind.Untyped, declared: false);
        StartFamily(_nameStart, _nameLength, MetricKind.Untyped, recorded: true);
    }

    private void RecordHelpOnlyFamily()
    {
        var families = _families ??= new MetricFamilySet();
        var hash = MetricFamilySet.Hash(FamilyName);
        // Known already: its samples or TYPE came earlier, before another family interrupted it.
        if (!families.TryAdd(hash, MetricKind.Untyped, declared: false)
            && families.TryGet(hash, out var kind, out var declared) && declared)
        {
            _familyKind = kind;
        }
        _familyRecorded = true;
    }

    /// <summary>Finds the declared family a suffixed series name such as <c>foo_sum</c> belongs to.</summary>
    private static bool TryFindDeclaredStem(MetricFamilySet families, ReadOnlySpan<byte> name, out int stemLength, out MetricKind kind)
    {
        ReadOnlySpan<byte> suffix;
        if (name.EndsWith("_total"u8))
        {
            suffix = "_total"u8;
        }
        else if (name.EndsWith("_bucket"u8))
        {
            suffix = "_bucket"u8;
        }
        else if (name.EndsWith("_sum"u8))
        {
            suffix = "_sum"u8;
        }
        else if (name.EndsWith("_count"u8))
        {
            suffix = "_count"u8;
        }
        else
        {
            stemLength = 0;
            kind = MetricKind.Untyped;
            return false;
        }
        stemLength = name.Length - suffix.Length;
        kind = MetricKind.Untyped;
        var stem = name[..stemLength];
        return stemLength > 0
            && families.TryGet(MetricFamilySet.Hash(stem), out kind, out var declared)
            && declared
            && BelongsTo(name, stem, kind);
    }

    private static bool BelongsTo(ReadOnlySpan<byte> series, ReadOnlySpan<byte> family, MetricKind kind)
    {
        if (!series.StartsWith(family))
        {
            return false;
        }
        var suffix = series[family.Length..];
        if (suffix.IsEmpty)
        {
            return true;
        }
        return kind switch
        {
            MetricKind.Counter => suffix.SequenceEqual("_total"u8),
            MetricKind.Histogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_count"u8),
            MetricKind.Summary => suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_count"u8),
            _ => false,
        };
    }

    private readonly bool IsCurrentFamily(ReadOnlySpan<byte> name) => _familyIndex >= 0 && name.SequenceEqual(FamilyName);

    private void StartFamily(int start, int length, MetricKind kind, bool recorded)
    {
        _familyName = _buffer.Slice(start, length);
        _familyKind = kind;
        _familyHelp = default;
        _familyRecorded = recorded;
        _familyIndex++;
    }

    private static int ReadMetricName(ReadOnlySpan<byte> line, int position) =>
        position < line.Length && ExpositionBytes.IsMetricNameStart(line[position])
            ? ExpositionBytes.SkipAll(line, position + 1, ExpositionBytes.MetricNameChars)
            : position;

    /// <summary>End of the blank-delimited token at <paramref name="position"/>.</summary>
    private static int TokenEnd(ReadOnlySpan<byte> line, int position)
    {
        var length = line[position..].IndexOfAny((byte)' ', (byte)'\t');
        return length < 0 ? line.Length : position + length;
    }

    /// <summary>The sample-value syntax shared with OpenMetrics; see <see cref="ExpositionNumbers.TryParseValue"/>.</summary>
    internal static bool TryParseValue(ReadOnlySpan<byte> token, out double value) => ExpositionNumbers.TryParseValue(token, out value);

    /// <summary>An integer of milliseconds, optionally negative.</summary>
    internal static bool TryParseTimestamp(ReadOnlySpan<byte> token, out long value)
    {
        var digits = !token.IsEmpty && token[0] == '-' ? token[1..] : token;
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            value = 0;
            return false;
        }
        if (digits.Length <= 18)
        {
            // 18 digits cannot overflow a long.
            var magnitude = 0L;
            foreach (var digit in digits)
            {
                magnitude = magnitude * 10 + (digit - '0');
            }
            value = digits.Length == token.Length ? magnitude : -magnitude;
            return true;
        }
        // Utf8Parser fails on overflow, which rejects timestamps outside the long range.
        return Utf8Parser.TryParse(token, out value, out var consumed) && consumed == token.Length;
    }

    // Error builders stay out of line so the parsing methods carry no message-formatting code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly ExpositionFormatException Error(string reason) => new(_lineNumber, reason);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly ExpositionFormatException Error(string before, ReadOnlySpan<byte> token, string after = "") =>
        new(_lineNumber, before + ExpositionMessages.Quote(token) + after);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly ExpositionFormatException Error(string before, ReadOnlySpan<byte> first, string between, ReadOnlySpan<byte> second, string after = "") =>
        new(_lineNumber, before + ExpositionMessages.Quote(first) + between + ExpositionMessages.Quote(second) + after);

    /// <summary>The run of bytes at <paramref name="position"/> up to a blank, for error messages.</summary>
    private static ReadOnlySpan<byte> TokenAt(ReadOnlySpan<byte> line, int position) => line[position..TokenEnd(line, position)];

    /// <summary>The would-be label name at <paramref name="position"/>, for error messages.</summary>
    private static ReadOnlySpan<byte> LabelTokenAt(ReadOnlySpan<byte> line, int position)
    {
        var length = line[position..].IndexOfAny("=,}\" \t"u8);
        return line.Slice(position, length < 0 ? line.Length - position : length);
    }
}
