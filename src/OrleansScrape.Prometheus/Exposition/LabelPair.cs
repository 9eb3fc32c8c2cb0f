using System.Text;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// One label of a series, as views into the scraped body. The value is raw: the bytes between
/// the quotes with escapes not yet resolved, so reading a label costs nothing until asked.
/// </summary>
public readonly ref struct LabelPair
{
    internal LabelPair(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue, bool valueNeedsUnescape)
    {
        Name = name;
        RawValue = rawValue;
        ValueNeedsUnescape = valueNeedsUnescape;
    }

    /// <summary>The label name; names have no escapes.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The value between the quotes, escapes unresolved.</summary>
    public ReadOnlySpan<byte> RawValue { get; }

    /// <summary>True when <see cref="RawValue"/> holds a backslash; when false it is the value itself.</summary>
    public bool ValueNeedsUnescape { get; }

    /// <summary>Writes the unescaped value; a destination as long as <see cref="RawValue"/> always suffices.</summary>
    public int UnescapeValue(Span<byte> destination) => TextFormatParser.UnescapeLabelValue(RawValue, destination);

    public string NameToString() => Encoding.UTF8.GetString(Name);

    /// <summary>The unescaped value as a new string.</summary>
    public string ValueToString() => TextFormatParser.LabelValueToString(RawValue);
}
