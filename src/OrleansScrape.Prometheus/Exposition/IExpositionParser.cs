namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// The pull-parser shape both exposition formats share, so a consumer can be written once as
/// <c>void Consume&lt;TParser&gt;(ref TParser parser) where TParser : IExpositionParser, allows ref struct</c>.
/// <see cref="Next"/> moves to the next entry; the other members describe that entry as views
/// into the body and are only meaningful for the entry kinds their documentation names.
/// Members a format lacks (exemplars and UNIT in text 0.0.4) report "absent".
/// </summary>
public interface IExpositionParser
{
    /// <summary>Moves to the next entry; throws <see cref="ExpositionFormatException"/> on malformed input.</summary>
    ExpositionEntry Next();

    /// <summary>1-based line number of the current entry.</summary>
    int LineNumber { get; }

    /// <summary>The metric name of a Series, Help, Type or Unit entry.</summary>
    ReadOnlySpan<byte> MetricName { get; }

    /// <summary>The bytes between the braces of a Series entry (empty without labels), as written.</summary>
    ReadOnlySpan<byte> RawLabels { get; }

    /// <summary>Number of labels of a Series entry.</summary>
    int LabelCount { get; }

    /// <summary>The labels of a Series entry, for <c>foreach</c>.</summary>
    LabelEnumerator Labels { get; }

    /// <summary>The sample value of a Series entry.</summary>
    double Value { get; }

    /// <summary>True when the Series entry carries its own timestamp.</summary>
    bool HasTimestamp { get; }

    /// <summary>
    /// The sample timestamp in Unix milliseconds, when <see cref="HasTimestamp"/>: exact in text
    /// 0.0.4; in OpenMetrics (float seconds) rounded down to the millisecond and clamped to the
    /// <see cref="long"/> range. Use <see cref="TryGetTimestampUnixNanoseconds"/> for full precision.
    /// </summary>
    long TimestampMilliseconds { get; }

    /// <summary>
    /// The sample timestamp in Unix nanoseconds (OpenMetrics fractions beyond a nanosecond are
    /// rounded down); false when there is none or it lies outside the <see cref="long"/> range
    /// (years 1677 to 2262).
    /// </summary>
    bool TryGetTimestampUnixNanoseconds(out long unixNanoseconds);

    /// <summary>True when the Series entry carries an exemplar (OpenMetrics counter totals and histogram buckets).</summary>
    bool HasExemplar { get; }

    /// <summary>The bytes between the braces of the exemplar's label set, as written.</summary>
    ReadOnlySpan<byte> RawExemplarLabels { get; }

    /// <summary>Number of labels of the exemplar.</summary>
    int ExemplarLabelCount { get; }

    /// <summary>The labels of the exemplar, for <c>foreach</c>.</summary>
    LabelEnumerator ExemplarLabels { get; }

    /// <summary>The exemplar's value.</summary>
    double ExemplarValue { get; }

    /// <summary>True when the exemplar carries its own timestamp.</summary>
    bool ExemplarHasTimestamp { get; }

    /// <summary>The exemplar timestamp in Unix milliseconds, as <see cref="TimestampMilliseconds"/>.</summary>
    long ExemplarTimestampMilliseconds { get; }

    /// <summary>The exemplar timestamp in Unix nanoseconds, as <see cref="TryGetTimestampUnixNanoseconds"/>.</summary>
    bool TryGetExemplarTimestampUnixNanoseconds(out long unixNanoseconds);

    /// <summary>The type a Type entry declares.</summary>
    MetricKind Kind { get; }

    /// <summary>The text of a Help entry, escapes unresolved; see <see cref="HelpTextToString"/>.</summary>
    ReadOnlySpan<byte> RawHelpText { get; }

    /// <summary>The unit a Unit entry declares (may be empty).</summary>
    ReadOnlySpan<byte> UnitText { get; }

    /// <summary>The metric family of the current entry.</summary>
    ReadOnlySpan<byte> FamilyName { get; }

    /// <summary>The declared type of <see cref="FamilyName"/>.</summary>
    MetricKind FamilyKind { get; }

    /// <summary>The HELP text of the current family as written (empty without HELP).</summary>
    ReadOnlySpan<byte> RawFamilyHelp { get; }

    /// <summary>The UNIT of the current family (empty without UNIT).</summary>
    ReadOnlySpan<byte> FamilyUnit { get; }

    /// <summary>Changes whenever the current entry belongs to another family than the previous one.</summary>
    int FamilyIndex { get; }

    /// <summary>The text of the current Help entry, unescaped, as a new string.</summary>
    string GetHelpText();

    /// <summary>Writes raw HELP text unescaped the way this format escapes it; returns the bytes written.</summary>
    static abstract int UnescapeHelpText(ReadOnlySpan<byte> rawText, Span<byte> destination);

    /// <summary>Raw HELP text unescaped the way this format escapes it, as a new string.</summary>
    static abstract string HelpTextToString(ReadOnlySpan<byte> rawText);
}
