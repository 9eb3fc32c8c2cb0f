using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class UnescapeTests
{
    [Fact]
    public void LabelValue_WithoutEscapes_NeedsNoUnescape()
    {
        var parser = new TextFormatParser("m{a=\"plain\"} 1\n"u8);
        parser.Next();

        var labels = parser.Labels;
        Assert.True(labels.MoveNext());
        Assert.False(labels.Current.ValueNeedsUnescape);
        Assert.Equal("plain"u8, labels.Current.RawValue);
    }

    [Fact]
    public void LabelValue_WithEscapes_NeedsUnescape()
    {
        var parser = new TextFormatParser("m{a=\"x\\\"y\"} 1\n"u8);
        parser.Next();

        var labels = parser.Labels;
        Assert.True(labels.MoveNext());
        Assert.True(labels.Current.ValueNeedsUnescape);
        Assert.Equal("x\\\"y"u8, labels.Current.RawValue);
        Assert.False(labels.MoveNext());
    }

    [Fact]
    public void UnescapeLabelValue_WritesIntoDestination()
    {
        Span<byte> destination = stackalloc byte[32];

        var written = TextFormatParser.UnescapeLabelValue("a\\\\b\\\"c\\nd\\qe"u8, destination);

        Assert.Equal("a\\b\"c\nd\\qe", Encoding.UTF8.GetString(destination[..written]));
    }

    [Fact]
    public void UnescapeLabelValue_ShortDestination_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TextFormatParser.UnescapeLabelValue("abc"u8, new byte[2]));
    }

    [Fact]
    public void UnescapeHelpText_KeepsEscapedQuote()
    {
        Span<byte> destination = stackalloc byte[32];

        var written = TextFormatParser.UnescapeHelpText("a\\\\b\\\"c\\nd"u8, destination);

        Assert.Equal("a\\b\\\"c\nd", Encoding.UTF8.GetString(destination[..written]));
    }

    [Fact]
    public void LabelValueToString_LongValueWithEscapes_IsUnescaped()
    {
        var raw = string.Concat(Enumerable.Repeat("ab\\\"", 200));

        var value = TextFormatParser.LabelValueToString(Encoding.UTF8.GetBytes(raw));

        Assert.Equal(string.Concat(Enumerable.Repeat("ab\"", 200)), value);
    }

    [Fact]
    public void LabelPair_UnescapeValue_MatchesValueToString()
    {
        var parser = new TextFormatParser("m{a=\"x\\ny\"} 1\n"u8);
        parser.Next();
        var labels = parser.Labels;
        labels.MoveNext();
        Span<byte> destination = stackalloc byte[16];

        var written = labels.Current.UnescapeValue(destination);

        Assert.Equal(labels.Current.ValueToString(), Encoding.UTF8.GetString(destination[..written]));
    }
}
