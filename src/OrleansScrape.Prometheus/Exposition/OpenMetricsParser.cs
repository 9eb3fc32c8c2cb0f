using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// A pull parser for the OpenMetrics 1.0 text format over a whole UTF-8 body, with the same
/// shape as <see cref="TextFormatParser"/>: <see cref="Next"/> moves to the next line and the
/// accessors describe it as views into the body, so parsing allocates nothing per sample.
/// A body may also come in chunks cut at line boundaries, each parsed by its own parser that
/// continues from a <see cref="ParserState"/> the caller keeps (see the chunk constructor).
/// </summary>
/// <remarks>
/// <para>
/// The format is strict and so is the parser: single spaces between tokens, no blank or comment
/// lines, no carriage returns, a closing <c># EOF</c> line with nothing after it but one line
/// feed, valid UTF-8 without byte order mark. Besides the syntax it checks the rules of the
/// data model that a single pass can see: families are contiguous and unique and their sample
/// names do not clash; HELP, TYPE and UNIT appear at most once each, before the samples; a unit
/// is a suffix of the family name and absent on info and stateset; each type admits only its
/// suffixes; metrics (label sets) are contiguous with consistent, non-decreasing timestamps;
/// counter totals, histogram buckets, counts and sums hold valid values; histogram buckets are
/// sorted by <c>le</c>, cumulative, end with <c>+Inf</c>, and agree with <c>_count</c>; summary
/// quantiles lie in [0, 1]; stateset values are 0 or 1 and info values 1; exemplars sit only on
/// counter totals and histogram buckets, with at most 128 characters of labels.
/// </para>
/// <para>
/// Rules that only hold across a whole family (repeats, interleaving, histogram points) are
/// checked when the family, metric or point ends, so an error may surface a few entries after
/// the line it names. Partial expositions are invalid as a whole, so treat everything read
/// before an <see cref="ExpositionFormatException"/> as void.
/// </para>
/// <para>
/// Not enforced: the reservation of names starting with an underscore (an exposer rule that
/// parsers in the field do not check) and rules that need data from other expositions.
/// </para>
/// </remarks>
public ref struct OpenMetricsParser : IExpositionParser
{
    private const int MaxExemplarLabelCharacters = 128;
    private const long NanosecondsPerMillisecond = 1_000_000;

    private readonly ReadOnlySpan<byte> _buffer;
    private MetricFamilySet? _families;
    // Set when the body comes in chunks: the state handed from chunk to chunk, and whether this is the last.
    private readonly ParserState? _state;
    private readonly bool _final;
    private int _position;
    private int _linesRead;
    private bool _started;
    private bool _finished;

    // The current entry.
    private int _lineNumber;
    private int _nameStart;
    private int _nameLength;
    private int _labelsStart;
    private int _labelsLength;
    private int _labelCount;
    private double _value;
    private bool _hasTimestamp;
    private Int128 _timestamp;
    private bool _hasExemplar;
    private int _exemplarLabelsStart;
    private int _exemplarLabelsLength;
    private int _exemplarLabelCount;
    private double _exemplarValue;
    private bool _exemplarHasTimestamp;
    private Int128 _exemplarTimestamp;
    private int _textStart;
    private int _textLength;
    private MetricKind _kind;

    // What the label scan of the current series noted for the type rules: an order-independent
    // hash of the label set, and the le and quantile labels (start -1 when absent).
    private ulong _labelSetHash;
    private ulong _leHash;
    private int _leStart;
    private int _leLength;
    private double _le;
    private ulong _quantileHash;
    private int _quantileStart;
    private int _quantileLength;

    // The current family.
    // Views into the body, or into the state's storage for a family carried over from an earlier chunk.
    private ReadOnlySpan<byte> _familyName;
    private MetricKind _familyKind;
    private ReadOnlySpan<byte> _familyHelp;
    private ReadOnlySpan<byte> _familyUnit;
    private int _familyIndex;
    private bool _familyHasType;
    private bool _familyHasHelp;
    private bool _familyHasUnit;
    private bool _familyHasSamples;

    // The current metric: the family's samples with one label set (le, quantile and the
    // stateset label aside), which must be contiguous.
    private bool _hasMetric;
    private ulong _metricHash;
    private bool _metricHasTimestamp;
    private Int128 _metricTimestamp;

    // The current point of a counter or histogram metric: its samples at one timestamp.
    private bool _pointOpen;
    private int _pointLine;
    private Int128 _pointTimestamp;
    private bool _pointHasTotal;
    private bool _pointHasBucket;
    private double _pointLastLe;
    private double _pointLastBucket;
    private bool _pointNegativeBucket;
    private bool _pointHasCount;
    private double _pointCount;
    private bool _pointHasSum;
    private bool _pointNegativeSum;

    /// <summary>Parses <paramref name="body"/>; the family table is allocated when the first family appears.</summary>
    public OpenMetricsParser(ReadOnlySpan<byte> body)
        : this(body, null)
    {
    }

    /// <summary>
    /// Parses <paramref name="body"/> using <paramref name="families"/> (cleared here) as the family
    /// table; pass the same instance to every parse to keep steady-state parsing allocation-free.
    /// </summary>
    public OpenMetricsParser(ReadOnlySpan<byte> body, MetricFamilySet? families)
    {
        _buffer = body;
        _families = families;
        families?.Clear();
        _familyIndex = -1;
        _leStart = -1;
        _quantileStart = -1;
        _final = true;
    }

    /// <summary>
    /// Parses one chunk of a body that comes in chunks, continuing where the chunk before it left
    /// <paramref name="state"/> (call <see cref="ParserState.Reset"/> before the first chunk). Every
    /// chunk but the <paramref name="final"/> one must end with a line feed; a missing <c># EOF</c> is
    /// an error of the final chunk only, and text after <c># EOF</c> is one in whichever chunk it comes.
    /// Line numbers count from the start of the body. UTF-8 is checked chunk by chunk, so an invalid
    /// byte in a later chunk is reported only after the errors of the chunks before it.
    /// </summary>
    /// <exception cref="ArgumentException">A chunk that is not final does not end with a line feed.</exception>
    public OpenMetricsParser(ReadOnlySpan<byte> chunk, ParserState state, bool final)
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
        _leStart = -1;
        _quantileStart = -1;
        _linesRead = state.LinesRead;
        _finished = state.Finished;
        _familyName = state.FamilyName;
        _familyKind = state.FamilyKind;
        _familyHelp = state.FamilyHelp;
        _familyUnit = state.FamilyUnit;
        _familyIndex = state.FamilyIndex;
        _familyHasType = state.FamilyHasType;
        _familyHasHelp = state.FamilyHasHelp;
        _familyHasUnit = state.FamilyHasUnit;
        _familyHasSamples = state.FamilyHasSamples;
        _hasMetric = state.HasMetric;
        _metricHash = state.MetricHash;
        _metricHasTimestamp = state.MetricHasTimestamp;
        _metricTimestamp = state.MetricTimestamp;
        _pointOpen = state.PointOpen;
        _pointLine = state.PointLine;
        _pointTimestamp = state.PointTimestamp;
        _pointHasTotal = state.PointHasTotal;
        _pointHasBucket = state.PointHasBucket;
        _pointLastLe = state.PointLastLe;
        _pointLastBucket = state.PointLastBucket;
        _pointNegativeBucket = state.PointNegativeBucket;
        _pointHasCount = state.PointHasCount;
        _pointCount = state.PointCount;
        _pointHasSum = state.PointHasSum;
        _pointNegativeSum = state.PointNegativeSum;
    }

    /// <summary>At the end of a chunk that is not the last: leaves to the state what the next chunk continues from.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandOn()
    {
        var state = _state!;
        state.LinesRead = _linesRead;
        state.Finished = _finished;
        state.FamilyKind = _familyKind;
        state.FamilyIndex = _familyIndex;
        state.FamilyHasType = _familyHasType;
        state.FamilyHasHelp = _familyHasHelp;
        state.FamilyHasUnit = _familyHasUnit;
        state.FamilyHasSamples = _familyHasSamples;
        state.HasMetric = _hasMetric;
        state.MetricHash = _metricHash;
        state.MetricHasTimestamp = _metricHasTimestamp;
        state.MetricTimestamp = _metricTimestamp;
        state.PointOpen = _pointOpen;
        state.PointLine = _pointLine;
        state.PointTimestamp = _pointTimestamp;
        state.PointHasTotal = _pointHasTotal;
        state.PointHasBucket = _pointHasBucket;
        state.PointLastLe = _pointLastLe;
        state.PointLastBucket = _pointLastBucket;
        state.PointNegativeBucket = _pointNegativeBucket;
        state.PointHasCount = _pointHasCount;
        state.PointCount = _pointCount;
        state.PointHasSum = _pointHasSum;
        state.PointNegativeSum = _pointNegativeSum;
        state.SaveFamily(_familyName, _familyHelp, _familyUnit);
        // From here on the family lives in the state's storage, so calling Next again stays safe.
        _familyName = state.FamilyName;
        _familyHelp = state.FamilyHelp;
        _familyUnit = state.FamilyUnit;
    }

    /// <summary>1-based line number of the current entry.</summary>
    public readonly int LineNumber => _lineNumber;

    /// <summary>The metric name of a Series, Help, Type or Unit entry.</summary>
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

    /// <summary>The sample timestamp in Unix milliseconds, rounded down and clamped, when <see cref="HasTimestamp"/>.</summary>
    public readonly long TimestampMilliseconds => _hasTimestamp ? ToMilliseconds(_timestamp) : 0;

    /// <summary>The sample timestamp in Unix nanoseconds; false without one or outside the <see cref="long"/> range.</summary>
    public readonly bool TryGetTimestampUnixNanoseconds(out long unixNanoseconds) =>
        TryToNanoseconds(_hasTimestamp, _timestamp, out unixNanoseconds);

    /// <summary>True when the current Series entry carries an exemplar.</summary>
    public readonly bool HasExemplar => _hasExemplar;

    /// <summary>The bytes between the braces of the exemplar, as written.</summary>
    public readonly ReadOnlySpan<byte> RawExemplarLabels =>
        _hasExemplar ? _buffer.Slice(_exemplarLabelsStart, _exemplarLabelsLength) : default;

    public readonly int ExemplarLabelCount => _hasExemplar ? _exemplarLabelCount : 0;

    /// <summary>The exemplar's labels, for <c>foreach</c>.</summary>
    public readonly LabelEnumerator ExemplarLabels => new(RawExemplarLabels);

    public readonly double ExemplarValue => _hasExemplar ? _exemplarValue : 0;

    public readonly bool ExemplarHasTimestamp => _hasExemplar && _exemplarHasTimestamp;

    /// <summary>The exemplar timestamp in Unix milliseconds, rounded down and clamped, when <see cref="ExemplarHasTimestamp"/>.</summary>
    public readonly long ExemplarTimestampMilliseconds => ExemplarHasTimestamp ? ToMilliseconds(_exemplarTimestamp) : 0;

    public readonly bool TryGetExemplarTimestampUnixNanoseconds(out long unixNanoseconds) =>
        TryToNanoseconds(ExemplarHasTimestamp, _exemplarTimestamp, out unixNanoseconds);

    /// <summary>The type a Type entry declares.</summary>
    public readonly MetricKind Kind => _kind;

    /// <summary>The text of a Help entry, escapes unresolved; see <see cref="HelpTextToString"/>.</summary>
    public readonly ReadOnlySpan<byte> RawHelpText => _buffer.Slice(_textStart, _textLength);

    /// <summary>The unit a Unit entry declares (may be empty).</summary>
    public readonly ReadOnlySpan<byte> UnitText => _buffer.Slice(_textStart, _textLength);

    /// <summary>
    /// The family of the current entry: the name of its metadata lines, or for a series without
    /// metadata, the series name. Suffixed series (<c>_total</c>, <c>_bucket</c>, ...) belong to the
    /// family whose type allows that suffix.
    /// </summary>
    public readonly ReadOnlySpan<byte> FamilyName => _familyName;

    /// <summary>The declared type of <see cref="FamilyName"/>, <see cref="MetricKind.Unknown"/> without TYPE.</summary>
    public readonly MetricKind FamilyKind => _familyKind;

    /// <summary>The HELP text of the current family as written (empty without HELP).</summary>
    public readonly ReadOnlySpan<byte> RawFamilyHelp => _familyHelp;

    /// <summary>The UNIT of the current family (empty without UNIT).</summary>
    public readonly ReadOnlySpan<byte> FamilyUnit => _familyUnit;

    /// <summary>Changes whenever the current entry belongs to another family than the previous one.</summary>
    public readonly int FamilyIndex => _familyIndex;

    /// <summary>Writes the unescaped form of a raw label value: <c>\\</c>, <c>\"</c> and <c>\n</c> are resolved, other pairs kept.</summary>
    public static int UnescapeLabelValue(ReadOnlySpan<byte> rawValue, Span<byte> destination) =>
        ExpositionEscapes.Unescape(rawValue, destination, unescapeQuote: true);

    /// <summary>Writes the unescaped form of raw HELP text; OpenMetrics escapes HELP as it does label values.</summary>
    public static int UnescapeHelpText(ReadOnlySpan<byte> rawText, Span<byte> destination) =>
        ExpositionEscapes.Unescape(rawText, destination, unescapeQuote: true);

    public static string LabelValueToString(ReadOnlySpan<byte> rawValue) => ExpositionEscapes.UnescapeToString(rawValue, unescapeQuote: true);

    public static string HelpTextToString(ReadOnlySpan<byte> rawText) => ExpositionEscapes.UnescapeToString(rawText, unescapeQuote: true);

    /// <summary>The text of the current Help entry, unescaped, as a new string.</summary>
    public readonly string GetHelpText() => HelpTextToString(RawHelpText);

    public ExpositionEntry Next()
    {
        if (!_started)
        {
            _started = true;
            CheckEncoding(_buffer, _linesRead);
        }
        var buffer = _buffer;
        if (_finished || _position >= buffer.Length)
        {
            return EndOfChunk();
        }
        var start = _position;
        var rest = buffer[start..];
        var newline = rest.IndexOf((byte)'\n');
        var line = newline < 0 ? rest : rest[..newline];
        _position = newline < 0 ? buffer.Length : start + newline + 1;
        _lineNumber = ++_linesRead;

        if (line.IsEmpty)
        {
            throw Error("blank line");
        }
        if (line[^1] == '\r')
        {
            throw Error("line ends with a carriage return (lines must end with \\n alone)");
        }
        if (line[0] == '#')
        {
            return ParseHashLine(line, start);
        }
        ParseSeries(line, start);
        return ExpositionEntry.Series;
    }

    /// <summary>After <c># EOF</c> or at the end of the chunk: the end of the input, or of this chunk.</summary>
    private ExpositionEntry EndOfChunk()
    {
        if (_finished && _position < _buffer.Length)
        {
            // Only a later chunk gets here with bytes left: the "# EOF" line itself rejects what follows it in its chunk.
            throw new ExpositionFormatException(_linesRead + 1, "text after \"# EOF\"");
        }
        if (!_final)
        {
            HandOn();
            return ExpositionEntry.EndOfInput;
        }
        if (_finished)
        {
            return ExpositionEntry.EndOfInput;
        }
        throw new ExpositionFormatException(_linesRead + 1, "missing \"# EOF\" at the end of the exposition");
    }

    /// <summary>
    /// Rejects a byte order mark and invalid UTF-8 once for the whole chunk, naming the line
    /// (<paramref name="linesBefore"/> lines came in earlier chunks).
    /// </summary>
    private static void CheckEncoding(ReadOnlySpan<byte> buffer, int linesBefore)
    {
        if (linesBefore == 0 && buffer.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            throw new ExpositionFormatException(1, "byte order mark at the start of the body");
        }
        if (Utf8.IsValid(buffer))
        {
            return;
        }
        // Only for a body about to be rejected: a line feed never sits inside a character, so
        // some line is invalid on its own.
        var lineNumber = linesBefore + 1;
        var position = 0;
        while (true)
        {
            var newline = buffer[position..].IndexOf((byte)'\n');
            var line = newline < 0 ? buffer[position..] : buffer.Slice(position, newline);
            if (newline < 0 || !Utf8.IsValid(line))
            {
                throw new ExpositionFormatException(lineNumber, "invalid UTF-8");
            }
            position += newline + 1;
            lineNumber++;
        }
    }

    private ExpositionEntry ParseHashLine(ReadOnlySpan<byte> line, int offset)
    {
        if (line.SequenceEqual("# EOF"u8))
        {
            if (_position < _buffer.Length)
            {
                throw new ExpositionFormatException(_lineNumber + 1, "text after \"# EOF\"");
            }
            CloseFamily();
            _finished = true;
            return ExpositionEntry.EndOfFile;
        }

        // A keyword counts only as a whole word: "# HELPa" is no HELP line.
        var keyword = line.Length >= 6 && line[1] == ' ' && (line.Length == 6 || line[6] == ' ') ? line.Slice(2, 4) : default;
        ExpositionEntry entry;
        string keywordText;
        if (keyword.SequenceEqual("HELP"u8))
        {
            (entry, keywordText) = (ExpositionEntry.Help, "HELP");
        }
        else if (keyword.SequenceEqual("TYPE"u8))
        {
            (entry, keywordText) = (ExpositionEntry.Type, "TYPE");
        }
        else if (keyword.SequenceEqual("UNIT"u8))
        {
            (entry, keywordText) = (ExpositionEntry.Unit, "UNIT");
        }
        else
        {
            throw Error("unexpected line ", line, " (a line starting with \"#\" must be HELP, TYPE, UNIT or EOF)");
        }
        if (line.Length <= 7)
        {
            throw Error(keywordText + " line without metric name");
        }

        const int NameStart = 7;
        var nameEnd = ReadMetricName(line, NameStart);
        if (nameEnd == NameStart || (nameEnd < line.Length && line[nameEnd] != ' '))
        {
            throw Error("invalid metric name ", TokenAt(line, NameStart), " in " + keywordText + " line");
        }
        _nameStart = offset + NameStart;
        _nameLength = nameEnd - NameStart;
        if (nameEnd == line.Length)
        {
            // The grammar wants the space even before an empty HELP or UNIT text.
            throw Error(keywordText + " line of metric ", MetricName, " ends after the name");
        }
        var text = line[(nameEnd + 1)..];
        _textStart = offset + nameEnd + 1;
        _textLength = text.Length;

        EnterFamilyOf(MetricName);
        switch (entry)
        {
            case ExpositionEntry.Help:
                ParseHelp(text);
                break;
            case ExpositionEntry.Type:
                ParseType(text);
                break;
            default:
                ParseUnit(text);
                break;
        }
        return entry;
    }

    /// <summary>Makes the family a metadata line names current; metadata must precede the family's samples.</summary>
    private void EnterFamilyOf(ReadOnlySpan<byte> name)
    {
        if (_familyIndex >= 0 && name.SequenceEqual(FamilyName))
        {
            if (_familyHasSamples)
            {
                throw Error("metadata line for metric family ", name, " after its samples");
            }
            return;
        }
        CloseFamily();
        OpenFamily(_nameStart, _nameLength);
    }

    private void ParseHelp(ReadOnlySpan<byte> text)
    {
        if (_familyHasHelp)
        {
            throw Error("second HELP line for metric family ", MetricName);
        }
        // Each backslash escapes the byte after it, so one at the very end escapes nothing.
        var position = 0;
        while (true)
        {
            var backslash = text[position..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                break;
            }
            position += backslash + 2;
            if (position > text.Length)
            {
                throw Error("HELP text of metric family ", MetricName, " ends with a lone backslash");
            }
        }
        _familyHasHelp = true;
        _familyHelp = _buffer.Slice(_textStart, _textLength);
    }

    private void ParseType(ReadOnlySpan<byte> text)
    {
        if (_familyHasType)
        {
            throw Error("second TYPE line for metric family ", MetricName);
        }
        _kind = text switch
        {
            _ when text.SequenceEqual("counter"u8) => MetricKind.Counter,
            _ when text.SequenceEqual("gauge"u8) => MetricKind.Gauge,
            _ when text.SequenceEqual("histogram"u8) => MetricKind.Histogram,
            _ when text.SequenceEqual("gaugehistogram"u8) => MetricKind.GaugeHistogram,
            _ when text.SequenceEqual("stateset"u8) => MetricKind.StateSet,
            _ when text.SequenceEqual("info"u8) => MetricKind.Info,
            _ when text.SequenceEqual("summary"u8) => MetricKind.Summary,
            _ when text.SequenceEqual("unknown"u8) => MetricKind.Unknown,
            _ when text.SequenceEqual("untyped"u8) => throw Error("invalid metric type \"untyped\" for metric family ", MetricName, " (OpenMetrics calls it \"unknown\")"),
            _ => throw Error("invalid metric type ", text, " for metric family ", MetricName),
        };
        _familyHasType = true;
        _familyKind = _kind;
        CheckUnitAllowed();
        ClaimSuffixedSampleNames();
    }

    private void ParseUnit(ReadOnlySpan<byte> text)
    {
        if (_familyHasUnit)
        {
            throw Error("second UNIT line for metric family ", MetricName);
        }
        if (text.IndexOfAnyExcept(ExpositionBytes.MetricNameChars) >= 0)
        {
            throw Error("invalid unit ", text, " for metric family ", MetricName);
        }
        var name = MetricName;
        if (!text.IsEmpty && !(name.Length > text.Length && name.EndsWith(text) && name[^(text.Length + 1)] == '_'))
        {
            throw Error("unit ", text, " is not a suffix of the metric family name ", name, " (expected \"_unit\" at its end)");
        }
        _familyHasUnit = true;
        _familyUnit = _buffer.Slice(_textStart, _textLength);
        CheckUnitAllowed();
    }

    private readonly void CheckUnitAllowed()
    {
        if (!_familyUnit.IsEmpty && _familyKind is MetricKind.Info or MetricKind.StateSet)
        {
            throw Error("metric family ", FamilyName, _familyKind == MetricKind.Info ? " of type info has a unit" : " of type stateset has a unit");
        }
    }

    private void ParseSeries(ReadOnlySpan<byte> line, int offset)
    {
        var nameEnd = ReadMetricName(line, 0);
        if (nameEnd == 0)
        {
            throw line[0] == ' '
                ? Error("line starts with a space (OpenMetrics allows no leading blanks)")
                : Error("invalid metric name ", TokenAt(line, 0));
        }
        _nameStart = offset;
        _nameLength = nameEnd;
        _labelsStart = offset + nameEnd;
        _labelsLength = 0;
        _labelCount = 0;
        _labelSetHash = 0;
        _leStart = -1;
        _quantileStart = -1;
        _hasTimestamp = false;
        _timestamp = 0;
        _hasExemplar = false;

        var position = nameEnd;
        if (position < line.Length && line[position] == '{')
        {
            position = ParseLabels(line, offset, position + 1, exemplar: false, out _labelCount);
            _labelsStart = offset + nameEnd + 1;
            _labelsLength = position - nameEnd - 2;
        }
        if (position == line.Length)
        {
            throw Error("missing value for metric ", MetricName);
        }
        if (line[position] != ' ')
        {
            throw position == nameEnd
                ? Error("invalid metric name ", TokenAt(line, 0))
                : Error("expected a space after the labels of metric ", MetricName);
        }

        position++;
        var valueEnd = TokenEnd(line, position);
        var valueToken = line[position..valueEnd];
        if (valueToken.IsEmpty)
        {
            throw Error(valueEnd == line.Length ? "missing value for metric " : "more than one space before the value of metric ", MetricName);
        }
        if (!ExpositionNumbers.TryParseValue(valueToken, out _value))
        {
            throw Error("invalid value ", valueToken, " for metric ", MetricName);
        }

        if (valueEnd < line.Length)
        {
            position = valueEnd + 1;
            if (position < line.Length && line[position] == '#')
            {
                ParseExemplar(line, offset, position);
            }
            else
            {
                var timestampEnd = TokenEnd(line, position);
                var timestampToken = line[position..timestampEnd];
                if (timestampToken.IsEmpty)
                {
                    throw Error("unexpected space after the value of metric ", MetricName);
                }
                if (!ExpositionNumbers.TryParseTimestampNanoseconds(timestampToken, out _timestamp))
                {
                    throw Error("invalid timestamp ", timestampToken, " for metric ", MetricName);
                }
                _hasTimestamp = true;
                if (timestampEnd < line.Length)
                {
                    position = timestampEnd + 1;
                    if (position == line.Length || line[position] != '#')
                    {
                        throw position == line.Length
                            ? Error("unexpected space after the timestamp of metric ", MetricName)
                            : Error("unexpected ", TokenAt(line, position), " after the timestamp of metric ", MetricName);
                    }
                    ParseExemplar(line, offset, position);
                }
            }
        }

        ApplyFamilyRules();
    }

    /// <summary>Parses <c># {labels} value [timestamp]</c> at <paramref name="position"/> up to the end of the line.</summary>
    private void ParseExemplar(ReadOnlySpan<byte> line, int offset, int position)
    {
        if (position + 2 >= line.Length || line[position + 1] != ' ' || line[position + 2] != '{')
        {
            throw Error("invalid exemplar of metric ", MetricName, " (expected \"# {\")");
        }
        var labelsStart = position + 3;
        var labelsEnd = ParseLabels(line, offset, labelsStart, exemplar: true, out _exemplarLabelCount);
        _exemplarLabelsStart = offset + labelsStart;
        _exemplarLabelsLength = labelsEnd - 1 - labelsStart;
        if (labelsEnd == line.Length || line[labelsEnd] != ' ')
        {
            throw Error("expected a space and a value after the exemplar labels of metric ", MetricName);
        }

        position = labelsEnd + 1;
        var valueEnd = TokenEnd(line, position);
        var valueToken = line[position..valueEnd];
        if (valueToken.IsEmpty)
        {
            throw Error("missing exemplar value for metric ", MetricName);
        }
        if (!ExpositionNumbers.TryParseValue(valueToken, out _exemplarValue))
        {
            throw Error("invalid exemplar value ", valueToken, " for metric ", MetricName);
        }
        _exemplarHasTimestamp = false;
        _exemplarTimestamp = 0;
        if (valueEnd < line.Length)
        {
            position = valueEnd + 1;
            var timestampToken = line[position..];
            if (timestampToken.IsEmpty || timestampToken.IndexOf((byte)' ') >= 0)
            {
                throw Error("unexpected space in the exemplar of metric ", MetricName);
            }
            if (!ExpositionNumbers.TryParseTimestampNanoseconds(timestampToken, out _exemplarTimestamp))
            {
                throw Error("invalid exemplar timestamp ", timestampToken, " for metric ", MetricName);
            }
            _exemplarHasTimestamp = true;
        }
        _hasExemplar = true;
    }

    /// <summary>
    /// Parses <c>name="value",...}</c> from just after <c>{</c> and returns the position after
    /// <c>}</c>. Series labels feed the label-set hash and the le/quantile slots; exemplar labels
    /// are counted against the 128-character limit.
    /// </summary>
    private int ParseLabels(ReadOnlySpan<byte> line, int offset, int position, bool exemplar, out int count)
    {
        var start = position;
        count = 0;
        // One bit per (length, first, last byte) shape of the names so far: the duplicate
        // check re-reads earlier labels only when a shape repeats.
        var seenShapes = 0UL;
        var characters = 0;
        if (position < line.Length && line[position] == '}')
        {
            return position + 1;
        }
        while (true)
        {
            var labelStart = position;
            var nameEnd = position < line.Length && ExpositionBytes.IsLetterOrUnderscore(line[position])
                ? ExpositionBytes.SkipAll(line, position + 1, ExpositionBytes.LabelNameChars)
                : position;
            if (nameEnd == position)
            {
                throw position == line.Length
                    ? Error("missing \"}\" after the labels of metric ", MetricName)
                    : Error("invalid label name ", LabelTokenAt(line, position), " in metric ", MetricName);
            }
            var name = line[position..nameEnd];
            if (nameEnd == line.Length || line[nameEnd] != '=')
            {
                throw Error("expected \"=\" after label name ", name, " in metric ", MetricName);
            }
            position = nameEnd + 1;
            if (position == line.Length || line[position] != '"')
            {
                throw Error("expected a quoted value for label ", name, " in metric ", MetricName);
            }
            var valueStart = ++position;
            var escaped = false;
            while (true)
            {
                var special = line[position..].IndexOfAny((byte)'"', (byte)'\\');
                // A backslash needs a byte after it on the same line.
                if (special < 0 || (line[position + special] == '\\' && position + special + 1 == line.Length))
                {
                    throw Error("unterminated value of label ", name, " in metric ", MetricName);
                }
                position += special;
                if (line[position] == '"')
                {
                    break;
                }
                escaped = true;
                position += 2;
            }
            var valueEnd = position;
            position++;

            var shape = 1UL << ((name.Length * 7 + name[0] + name[^1] * 3) & 63);
            if ((seenShapes & shape) != 0 && ContainsLabel(line[start..labelStart], name))
            {
                throw Error("duplicate label name ", name, " in metric ", MetricName);
            }
            seenShapes |= shape;
            count++;

            if (exemplar)
            {
                characters += name.Length + CountCharacters(line[valueStart..valueEnd]);
                if (characters > MaxExemplarLabelCharacters)
                {
                    throw Error("exemplar labels of metric ", MetricName, " are longer than 128 characters");
                }
            }
            else
            {
                NoteSeriesLabel(line, offset, labelStart, valueStart, valueEnd, escaped);
            }

            if (position == line.Length)
            {
                throw Error("missing \"}\" after the labels of metric ", MetricName);
            }
            if (line[position] == '}')
            {
                return position + 1;
            }
            if (line[position] != ',')
            {
                throw Error("expected \",\" or \"}\" after the value of label ", name, " in metric ", MetricName);
            }
            position++;
            if (position < line.Length && line[position] == '}')
            {
                throw Error("trailing comma in the labels of metric ", MetricName);
            }
        }
    }

    /// <summary>Adds a series label to the label-set hash and keeps le and quantile for the type rules.</summary>
    private void NoteSeriesLabel(ReadOnlySpan<byte> line, int offset, int nameStart, int valueStart, int valueEnd, bool escaped)
    {
        // The label hashes as the bytes name="value with escapes resolved; the sum over the labels
        // does not depend on their order, as label sets do not.
        var hash = escaped
            ? LabelHash(line[nameStart..(valueStart - 2)], line[valueStart..valueEnd])
            : XxHash3.HashToUInt64(line[nameStart..valueEnd]);
        _labelSetHash += hash;
        var nameLength = valueStart - 2 - nameStart;
        if (nameLength == 2 && line[nameStart] == 'l' && line[nameStart + 1] == 'e')
        {
            _leHash = hash;
            _leStart = offset + valueStart;
            _leLength = valueEnd - valueStart;
        }
        else if (nameLength == 8 && line.Slice(nameStart, 8).SequenceEqual("quantile"u8))
        {
            _quantileHash = hash;
            _quantileStart = offset + valueStart;
            _quantileLength = valueEnd - valueStart;
        }
    }

    /// <summary>The hash <see cref="NoteSeriesLabel"/> gives a label whose raw value has escapes.</summary>
    private ulong LabelHash(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue)
    {
        var scratch = Families.Scratch(name.Length + 2 + rawValue.Length);
        name.CopyTo(scratch);
        scratch[name.Length] = (byte)'=';
        scratch[name.Length + 1] = (byte)'"';
        var written = ExpositionEscapes.Unescape(rawValue, scratch[(name.Length + 2)..], unescapeQuote: true);
        return XxHash3.HashToUInt64(scratch[..(name.Length + 2 + written)]);
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

    /// <summary>Code points of a raw label value once unescaped: a resolved escape is one character.</summary>
    private static int CountCharacters(ReadOnlySpan<byte> rawValue)
    {
        var count = 0;
        for (var i = 0; i < rawValue.Length; i++)
        {
            var b = rawValue[i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            count++;
            if (b == '\\' && rawValue[i + 1] is (byte)'\\' or (byte)'"' or (byte)'n')
            {
                i++;
            }
        }
        return count;
    }

    /// <summary>Puts the series just parsed into its family and checks it against the family's type.</summary>
    private void ApplyFamilyRules()
    {
        if (_familyIndex < 0 || !TryGetRole(MetricName, FamilyName, _familyKind, out var role))
        {
            // A name the current family cannot produce starts a family of its own, of unknown type.
            CloseFamily();
            OpenFamily(_nameStart, _nameLength);
            role = OpenMetricsSampleRole.Value;
        }
        _familyHasSamples = true;
        var stateHash = CheckSample(role);
        TrackMetric(role, stateHash);
    }

    /// <summary>Which part of a point <paramref name="series"/> is in a family of <paramref name="kind"/>; false when none.</summary>
    private static bool TryGetRole(ReadOnlySpan<byte> series, ReadOnlySpan<byte> family, MetricKind kind, out OpenMetricsSampleRole role)
    {
        role = OpenMetricsSampleRole.Value;
        if (!series.StartsWith(family))
        {
            return false;
        }
        var suffix = series[family.Length..];
        switch (kind)
        {
            case MetricKind.Counter:
                return Match(suffix, "_total"u8, OpenMetricsSampleRole.Total, ref role)
                    || Match(suffix, "_created"u8, OpenMetricsSampleRole.Created, ref role);
            case MetricKind.Summary:
                return suffix.IsEmpty
                    || Match(suffix, "_count"u8, OpenMetricsSampleRole.Count, ref role)
                    || Match(suffix, "_sum"u8, OpenMetricsSampleRole.Sum, ref role)
                    || Match(suffix, "_created"u8, OpenMetricsSampleRole.Created, ref role);
            case MetricKind.Histogram:
                return Match(suffix, "_bucket"u8, OpenMetricsSampleRole.Bucket, ref role)
                    || Match(suffix, "_count"u8, OpenMetricsSampleRole.Count, ref role)
                    || Match(suffix, "_sum"u8, OpenMetricsSampleRole.Sum, ref role)
                    || Match(suffix, "_created"u8, OpenMetricsSampleRole.Created, ref role);
            case MetricKind.GaugeHistogram:
                return Match(suffix, "_bucket"u8, OpenMetricsSampleRole.Bucket, ref role)
                    || Match(suffix, "_gcount"u8, OpenMetricsSampleRole.GaugeCount, ref role)
                    || Match(suffix, "_gsum"u8, OpenMetricsSampleRole.GaugeSum, ref role);
            case MetricKind.Info:
                return suffix.SequenceEqual("_info"u8);
            default:
                return suffix.IsEmpty;
        }
    }

    private static bool Match(ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> expected, OpenMetricsSampleRole candidate, ref OpenMetricsSampleRole role)
    {
        if (!suffix.SequenceEqual(expected))
        {
            return false;
        }
        role = candidate;
        return true;
    }

    /// <summary>Checks the value, labels and exemplar of a sample against its family's type; returns the stateset label's hash.</summary>
    private ulong CheckSample(OpenMetricsSampleRole role)
    {
        var value = _value;
        var stateHash = 0UL;
        switch (_familyKind)
        {
            case MetricKind.Counter when role == OpenMetricsSampleRole.Total:
                CheckCounterValue(value, "counter total");
                break;
            case MetricKind.Histogram or MetricKind.GaugeHistogram when role == OpenMetricsSampleRole.Bucket:
                if (_leStart < 0)
                {
                    throw Error("histogram bucket ", MetricName, " has no \"le\" label");
                }
                if (!ExpositionNumbers.TryParseLabelNumber(_buffer.Slice(_leStart, _leLength), out _le))
                {
                    throw Error("invalid \"le\" label value ", _buffer.Slice(_leStart, _leLength), " of histogram bucket ", MetricName);
                }
                CheckCountValue(value, "histogram bucket");
                break;
            case MetricKind.Histogram or MetricKind.GaugeHistogram:
                if (_leStart >= 0)
                {
                    throw Error("sample ", MetricName, " of a histogram has an \"le\" label (only buckets may)");
                }
                if (role is OpenMetricsSampleRole.Count or OpenMetricsSampleRole.GaugeCount)
                {
                    CheckCountValue(value, "histogram count");
                }
                else if (role == OpenMetricsSampleRole.Sum)
                {
                    CheckCounterValue(value, "histogram sum");
                }
                else if (role == OpenMetricsSampleRole.GaugeSum && double.IsNaN(value))
                {
                    throw Error("gauge histogram sum ", MetricName, " is NaN");
                }
                break;
            case MetricKind.Summary when role == OpenMetricsSampleRole.Value:
                if (_quantileStart < 0)
                {
                    throw Error("summary quantile ", MetricName, " has no \"quantile\" label");
                }
                var quantile = _buffer.Slice(_quantileStart, _quantileLength);
                if (!ExpositionNumbers.TryParseLabelNumber(quantile, out var q) || q is < 0 or > 1)
                {
                    throw Error("invalid \"quantile\" label value ", quantile, " of summary ", MetricName, " (expected a number from 0 to 1)");
                }
                if (value < 0)
                {
                    throw Error("quantile value of summary ", MetricName, " is negative");
                }
                break;
            case MetricKind.Summary:
                if (_quantileStart >= 0)
                {
                    throw Error("sample ", MetricName, " of a summary has a \"quantile\" label (only quantiles may)");
                }
                if (role == OpenMetricsSampleRole.Count)
                {
                    CheckCountValue(value, "summary count");
                }
                else if (role == OpenMetricsSampleRole.Sum)
                {
                    CheckCounterValue(value, "summary sum");
                }
                break;
            case MetricKind.StateSet:
                if (!TryFindStateLabel(out stateHash))
                {
                    throw Error("stateset sample ", MetricName, " has no label named after its family");
                }
                if (value is not (0 or 1))
                {
                    throw Error("stateset sample ", MetricName, " has a value other than 0 or 1");
                }
                break;
            case MetricKind.Info:
                if (value != 1)
                {
                    throw Error("info sample ", MetricName, " has a value other than 1");
                }
                break;
        }

        if (_hasExemplar)
        {
            if (role == OpenMetricsSampleRole.Bucket)
            {
                // A bucket counts the observations up to its le, the exemplar's among them.
                if (!(_exemplarValue <= _le))
                {
                    throw Error("exemplar value of histogram bucket ", MetricName, " is above the bucket's \"le\"");
                }
            }
            else if (!(_familyKind == MetricKind.Counter && role == OpenMetricsSampleRole.Total))
            {
                throw Error("exemplar on sample ", MetricName, " (only counter totals and histogram buckets may have exemplars)");
            }
        }
        return stateHash;
    }

    /// <summary>A counter-like value: neither NaN nor negative.</summary>
    private readonly void CheckCounterValue(double value, string what)
    {
        if (double.IsNaN(value))
        {
            throw Error(what + " ", MetricName, " is NaN");
        }
        if (value < 0)
        {
            throw Error(what + " ", MetricName, " is negative");
        }
    }

    /// <summary>A count: a non-negative integer.</summary>
    private readonly void CheckCountValue(double value, string what)
    {
        if (!double.IsInteger(value) || value < 0)
        {
            throw Error(what + " ", MetricName, " is not a non-negative integer");
        }
    }

    /// <summary>Finds the label named after the stateset family and hashes it as <see cref="NoteSeriesLabel"/> does.</summary>
    private bool TryFindStateLabel(out ulong hash)
    {
        var family = FamilyName;
        foreach (var label in Labels)
        {
            if (label.Name.SequenceEqual(family))
            {
                hash = LabelHash(label.Name, label.RawValue);
                return true;
            }
        }
        hash = 0;
        return false;
    }

    /// <summary>Checks that metrics stay contiguous with ordered timestamps, and tracks counter and histogram points.</summary>
    private void TrackMetric(OpenMetricsSampleRole role, ulong stateHash)
    {
        var kind = _familyKind;
        var metricHash = kind switch
        {
            // Info samples of one family cannot be told apart by metric, so they form one.
            MetricKind.Info => 0UL,
            MetricKind.StateSet => _labelSetHash - stateHash,
            MetricKind.Summary when role == OpenMetricsSampleRole.Value => _labelSetHash - _quantileHash,
            MetricKind.Histogram or MetricKind.GaugeHistogram when role == OpenMetricsSampleRole.Bucket => _labelSetHash - _leHash,
            _ => _labelSetHash,
        };

        var newMetric = !_hasMetric || metricHash != _metricHash;
        if (newMetric)
        {
            // Keyed by family too, so the table needs no clearing between families.
            var key = metricHash + (ulong)(uint)_familyIndex * 0x9E3779B97F4A7C15UL;
            if (!Families.TryAddMetric(key))
            {
                throw Error("metric ", MetricName, " comes back after other metrics of family ", FamilyName, " (a metric's samples must be contiguous)");
            }
            ClosePoint();
            _hasMetric = true;
            _metricHash = metricHash;
            _metricHasTimestamp = _hasTimestamp;
        }
        else
        {
            if (_hasTimestamp != _metricHasTimestamp)
            {
                throw Error("sample of metric ", MetricName, _hasTimestamp
                    ? " has a timestamp where earlier samples of the metric have none"
                    : " has no timestamp where earlier samples of the metric have one");
            }
            if (_hasTimestamp && _timestamp < _metricTimestamp && kind != MetricKind.Info)
            {
                throw Error("timestamp of metric ", MetricName, " goes backwards");
            }
        }
        _metricTimestamp = _timestamp;

        if (kind is not (MetricKind.Counter or MetricKind.Histogram or MetricKind.GaugeHistogram))
        {
            return;
        }
        if (_pointOpen && _timestamp != _pointTimestamp)
        {
            ClosePoint();
        }
        if (!_pointOpen)
        {
            _pointOpen = true;
            _pointLine = _lineNumber;
            _pointTimestamp = _timestamp;
            _pointHasTotal = false;
            _pointHasBucket = false;
            _pointNegativeBucket = false;
            _pointHasCount = false;
            _pointHasSum = false;
            _pointNegativeSum = false;
        }
        AddToPoint(role);
    }

    private void AddToPoint(OpenMetricsSampleRole role)
    {
        switch (role)
        {
            case OpenMetricsSampleRole.Total:
                _pointHasTotal = true;
                break;
            case OpenMetricsSampleRole.Bucket:
                if (_pointHasBucket && _le <= _pointLastLe)
                {
                    throw Error("histogram bucket ", MetricName, " is out of order (buckets must be sorted by increasing \"le\", each \"le\" once)");
                }
                if (_pointHasBucket && _value < _pointLastBucket)
                {
                    throw Error("histogram bucket ", MetricName, " holds less than the bucket before it (buckets are cumulative)");
                }
                _pointHasBucket = true;
                _pointLastLe = _le;
                _pointLastBucket = _value;
                _pointNegativeBucket |= _le < 0;
                break;
            case OpenMetricsSampleRole.Count:
            case OpenMetricsSampleRole.GaugeCount:
                _pointHasCount = true;
                _pointCount = _value;
                break;
            case OpenMetricsSampleRole.Sum:
            case OpenMetricsSampleRole.GaugeSum:
                _pointHasSum = true;
                _pointNegativeSum = _value < 0;
                break;
        }
    }

    /// <summary>Checks the rules that hold for a complete counter or histogram point, naming the line where it began.</summary>
    private void ClosePoint()
    {
        if (!_pointOpen)
        {
            return;
        }
        _pointOpen = false;
        var kind = _familyKind;
        if (kind == MetricKind.Counter)
        {
            if (!_pointHasTotal)
            {
                throw PointError("counter point of family ", " has no _total sample");
            }
            return;
        }

        var gauge = kind == MetricKind.GaugeHistogram;
        if (!_pointHasBucket || _pointLastLe != double.PositiveInfinity)
        {
            throw PointError("histogram point of family ", " has no \"+Inf\" bucket");
        }
        if (_pointHasCount && _pointCount != _pointLastBucket)
        {
            throw PointError("histogram point of family ", gauge ? " has a _gcount other than its +Inf bucket" : " has a _count other than its +Inf bucket");
        }
        if (_pointHasSum && !_pointHasCount)
        {
            throw PointError("histogram point of family ", gauge ? " has _gsum but no _gcount" : " has _sum but no _count");
        }
        if (_pointHasCount && !_pointHasSum)
        {
            throw PointError("histogram point of family ", gauge ? " has _gcount but no _gsum" : " has _count but no _sum");
        }
        if (!gauge && _pointNegativeBucket && _pointHasSum)
        {
            throw PointError("histogram point of family ", " has a _sum although it has buckets with negative \"le\"");
        }
        if (gauge && _pointNegativeSum && !_pointNegativeBucket)
        {
            throw PointError("gauge histogram point of family ", " has a negative _gsum but no bucket with negative \"le\"");
        }
    }

    private void OpenFamily(int start, int length)
    {
        _familyName = _buffer.Slice(start, length);
        _familyKind = MetricKind.Unknown;
        _familyHelp = default;
        _familyUnit = default;
        _familyHasType = false;
        _familyHasHelp = false;
        _familyHasUnit = false;
        _familyHasSamples = false;
        _hasMetric = false;
        _pointOpen = false;
        _familyIndex++;
        var families = Families;
        families.TryAdd(MetricFamilySet.Hash(FamilyName), MetricKind.Unknown, declared: false);
        ClaimSampleName(families, default);
    }

    private void CloseFamily()
    {
        if (_familyIndex < 0)
        {
            return;
        }
        ClosePoint();
    }

    /// <summary>
    /// Claims the suffixed sample names the family's type can produce (its bare name was claimed
    /// when it opened). A name claimed twice means a family that repeats (or was interleaved with
    /// another) or whose samples would clash, such as a gauge <c>a_created</c> next to a counter <c>a</c>.
    /// </summary>
    private void ClaimSuffixedSampleNames()
    {
        var families = Families;
        switch (_familyKind)
        {
            case MetricKind.Counter:
                ClaimSampleName(families, "_total"u8);
                ClaimSampleName(families, "_created"u8);
                break;
            case MetricKind.Summary:
                ClaimSampleName(families, "_count"u8);
                ClaimSampleName(families, "_sum"u8);
                ClaimSampleName(families, "_created"u8);
                break;
            case MetricKind.Histogram:
                ClaimSampleName(families, "_bucket"u8);
                ClaimSampleName(families, "_count"u8);
                ClaimSampleName(families, "_sum"u8);
                ClaimSampleName(families, "_created"u8);
                break;
            case MetricKind.GaugeHistogram:
                ClaimSampleName(families, "_bucket"u8);
                ClaimSampleName(families, "_gcount"u8);
                ClaimSampleName(families, "_gsum"u8);
                break;
            case MetricKind.Info:
                ClaimSampleName(families, "_info"u8);
                break;
        }
    }

    private readonly void ClaimSampleName(MetricFamilySet families, ReadOnlySpan<byte> suffix)
    {
        var family = FamilyName;
        var name = families.Scratch(family.Length + suffix.Length);
        family.CopyTo(name);
        suffix.CopyTo(name[family.Length..]);
        if (!families.TryAddSampleName(XxHash3.HashToUInt64(name)))
        {
            throw suffix.IsEmpty
                ? Error("metric family ", family, " appears twice or clashes with the samples of an earlier family (families must be unique and contiguous)")
                : Error("sample name ", name, " of metric family ", family, " clashes with an earlier metric family");
        }
    }

    private MetricFamilySet Families => _families ??= new MetricFamilySet();

    private static long ToMilliseconds(Int128 nanoseconds)
    {
        var (milliseconds, remainder) = Int128.DivRem(nanoseconds, NanosecondsPerMillisecond);
        if (remainder < 0)
        {
            milliseconds--;
        }
        return milliseconds > long.MaxValue ? long.MaxValue : milliseconds < long.MinValue ? long.MinValue : (long)milliseconds;
    }

    private static bool TryToNanoseconds(bool present, Int128 nanoseconds, out long unixNanoseconds)
    {
        if (present && nanoseconds >= long.MinValue && nanoseconds <= long.MaxValue)
        {
            unixNanoseconds = (long)nanoseconds;
            return true;
        }
        unixNanoseconds = 0;
        return false;
    }

    private static int ReadMetricName(ReadOnlySpan<byte> line, int position) =>
        position < line.Length && ExpositionBytes.IsMetricNameStart(line[position])
            ? ExpositionBytes.SkipAll(line, position + 1, ExpositionBytes.MetricNameChars)
            : position;

    /// <summary>End of the space-delimited token at <paramref name="position"/>.</summary>
    private static int TokenEnd(ReadOnlySpan<byte> line, int position)
    {
        var length = line[position..].IndexOf((byte)' ');
        return length < 0 ? line.Length : position + length;
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly ExpositionFormatException PointError(string before, string after) =>
        new(_pointLine, before + ExpositionMessages.Quote(FamilyName) + after);

    /// <summary>The run of bytes at <paramref name="position"/> up to a space, for error messages.</summary>
    private static ReadOnlySpan<byte> TokenAt(ReadOnlySpan<byte> line, int position) => line[position..TokenEnd(line, position)];

    /// <summary>The would-be label name at <paramref name="position"/>, for error messages.</summary>
    private static ReadOnlySpan<byte> LabelTokenAt(ReadOnlySpan<byte> line, int position)
    {
        var length = line[position..].IndexOfAny("=,}\" "u8);
        return line.Slice(position, length < 0 ? line.Length - position : Math.Max(length, 1));
    }
}
