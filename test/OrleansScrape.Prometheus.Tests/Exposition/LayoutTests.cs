using System.Text;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class LayoutTests
{
    [Fact]
    public void Input_Empty_YieldsEndOfInput()
    {
        var parser = new TextFormatParser(ReadOnlySpan<byte>.Empty);

        Assert.Equal(ExpositionEntry.EndOfInput, parser.Next());
        Assert.Equal(ExpositionEntry.EndOfInput, parser.Next());
    }

    [Fact]
    public void Input_LastLineWithoutNewline_IsParsed()
    {
        var entries = ParseAll("a 1\nb{x=\"y\"} 2 7");

        Assert.Equal(2, entries.Count);
        Assert.Equal("b", entries[1].Name);
        Assert.Equal(2, entries[1].Value);
        Assert.Equal(7, entries[1].Timestamp);
    }

    [Fact]
    public void Input_LastLineWithoutNewline_IsStillValidated()
    {
        Assert.Equal("line 2: missing value for metric \"b\"", ParseError("a 1\nb").Message);
    }

    [Fact]
    public void Input_EmptyLines_AreIgnored()
    {
        var entries = ParseAll("\n\na 1\n\n\nb 2\n\n");

        Assert.Equal(["a", "b"], entries.Select(e => e.Name));
    }

    [Fact]
    public void Input_BlankOnlyLines_AreIgnored()
    {
        var entries = ParseAll("  \n\t\na 1\n \t \n");

        Assert.Equal("a", Assert.Single(entries).Name);
    }

    [Fact]
    public void LineNumber_CountsEveryLineIncludingEmptyOnes()
    {
        var entries = ParseAll("# HELP a help\n\n# TYPE a gauge\n\n\na 1\n# note\nb 2");

        Assert.Equal([1, 3, 6, 7, 8], entries.Select(e => e.Line));
    }

    [Fact]
    public void LineNumber_OfErrorAfterEmptyLines_CountsThem()
    {
        Assert.Equal(5, ParseError("a 1\n\n\n\nb{=\"x\"} 1\n").LineNumber);
    }

    [Fact]
    public void Error_IsFormatExceptionWithLineAndReason()
    {
        var error = ParseError("a 1\nb x\n");

        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("invalid value \"x\" for metric \"b\"", error.Reason);
        Assert.StartsWith("line 2: ", error.Message);
    }

    [Fact]
    public void Error_QuotesControlBytesReadably()
    {
        var error = ParseError("a\u0001b 1\n");

        Assert.Equal("line 1: invalid metric name \"a\\x01b\"", error.Message);
    }

    [Fact]
    public void Error_ShortensLongTokens()
    {
        var error = ParseError(new string('-', 500) + " 1\n");

        Assert.True(error.Message.Length < 120, error.Message);
        Assert.EndsWith("...\"", error.Message);
    }

    [Fact]
    public void Accessors_ViewTheOriginalBuffer()
    {
        var body = Encoding.UTF8.GetBytes("m{a=\"b\"} 1\n");
        var parser = new TextFormatParser(body);

        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal("m"u8, parser.MetricName);
        Assert.Equal("a=\"b\""u8, parser.RawLabels);
        Assert.Equal(1, parser.LabelCount);
    }

    [Fact]
    public void RawLabels_WithoutLabels_AreEmpty()
    {
        var parser = new TextFormatParser("m 1\n"u8);

        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.True(parser.RawLabels.IsEmpty);
        Assert.Equal(0, parser.LabelCount);
    }
}
