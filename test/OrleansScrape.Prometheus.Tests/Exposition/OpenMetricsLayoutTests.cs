using System.Text;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>The overall structure of an OpenMetrics text exposition: lines, EOF, encoding.</summary>
public sealed class OpenMetricsLayoutTests
{
    [Fact]
    public void Entries_ComeInBodyOrder_ThenEndOfFile_ThenEndOfInputForever()
    {
        var body = Encoding.UTF8.GetBytes("# TYPE a_seconds gauge\n# UNIT a_seconds seconds\n# HELP a_seconds Help.\na_seconds 1\n# EOF\n");
        var parser = new OpenMetricsParser(body);

        Assert.Equal(ExpositionEntry.Type, parser.Next());
        Assert.Equal(ExpositionEntry.Unit, parser.Next());
        Assert.Equal(ExpositionEntry.Help, parser.Next());
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal(ExpositionEntry.EndOfFile, parser.Next());
        Assert.Equal(5, parser.LineNumber);
        Assert.Equal(ExpositionEntry.EndOfInput, parser.Next());
        Assert.Equal(ExpositionEntry.EndOfInput, parser.Next());
    }

    [Theory]
    [InlineData("a 1\n# EOF\n")]
    [InlineData("a 1\n# EOF")]
    [InlineData("# EOF\n")]
    [InlineData("# EOF")]
    public void ExpositionMustEndWithEof_Valid(string body) => AssertValid(body);

    [Theory]
    [InlineData("", 1)]
    [InlineData("a 1\n", 2)]
    [InlineData("a 1", 2)]
    [InlineData("a 1\n# EOF \n", 2)]
    [InlineData("a 1\n#EOF\n", 2)]
    public void ExpositionMustEndWithEof_Invalid(string body, int line)
    {
        var error = ParseError(body);
        Assert.Equal(line, error.LineNumber);
    }

    [Theory]
    [InlineData("# EOF\n\n")]
    [InlineData("# EOF\na 1\n")]
    [InlineData("# EOF\n# EOF\n")]
    [InlineData("a 1\n# EOF\nblah")]
    public void NothingMayFollowEofButOneLineFeed(string body)
    {
        var error = ParseError(body);
        Assert.Contains("text after \"# EOF\"", error.Reason);
    }

    [Fact]
    public void BlankLinesAreNotAllowed() => AssertInvalid("a 1\n\nb 1\n# EOF\n", 2, "blank line");

    [Fact]
    public void LinesMustNotEndWithCarriageReturn()
    {
        AssertInvalid("a 1\r\n# EOF\n", 1, "carriage return");
        AssertInvalid("a 1\n# EOF\r\n", 2, "carriage return");
        // Inside a label value a carriage return is an ordinary character.
        Assert.Equal("x\ry", SingleSeries("a{l=\"x\ry\"} 1\n# EOF\n").Labels[0].Value);
    }

    [Theory]
    [InlineData("# a comment\na 1\n# EOF\n")]
    [InlineData("#a_sum 0\n# EOF\n")]
    [InlineData("#\n# EOF\n")]
    [InlineData("# FOO a x\n# EOF\n")]
    public void CommentLinesAreNotAllowed(string body) => AssertInvalid(body, 1, "must be HELP, TYPE, UNIT or EOF");

    [Fact]
    public void BodyMustBeValidUtf8()
    {
        var body = Encoding.UTF8.GetBytes("a{l=\"ok\"} 1\na{l=\"?\"} 2\n# EOF\n");
        body[Array.LastIndexOf(body, (byte)'?')] = 0xFF;

        var error = ParseError(body);

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("UTF-8", error.Reason);
        Assert.Equal("äöü☃", SingleSeries("a{l=\"äöü☃\"} 1\n# EOF\n").Labels[0].Value);
    }

    [Fact]
    public void ByteOrderMarkIsNotAllowed()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "a 1\n# EOF\n"u8];
        var error = ParseError(body);
        Assert.Equal(1, error.LineNumber);
        Assert.Contains("byte order mark", error.Reason);
    }

    [Fact]
    public void NullBytesAreAllowedInStrings()
    {
        var entries = ParseAll("# HELP a he\0lp\na{l=\"x\0y\"} 1\n# EOF\n");
        Assert.Equal("he\0lp", entries[0].Text);
        Assert.Equal("x\0y", entries[1].Labels[0].Value);
    }

    [Theory]
    [InlineData("a  1\n# EOF\n", "more than one space")]
    [InlineData("a 1 \n# EOF\n", "unexpected space")]
    [InlineData("a 1  2\n# EOF\n", "unexpected space")]
    [InlineData("a 1 2 \n# EOF\n", "unexpected space")]
    [InlineData("a\t1\n# EOF\n", "invalid metric name")]
    [InlineData("a 1\t\n# EOF\n", "invalid value")]
    [InlineData(" a 1\n# EOF\n", "starts with a space")]
    [InlineData("a {} 1\n# EOF\n", "invalid value")]
    [InlineData("a{} 1 2 3\n# EOF\n", "after the timestamp")]
    [InlineData("a{l=\"1\"}1\n# EOF\n", "expected a space")]
    [InlineData("#  HELP a x\n# EOF\n", "must be HELP")]
    public void TokensAreSeparatedBySingleSpaces(string body, string reason) => AssertInvalid(body, 1, reason);

    [Fact]
    public void EmptyExpositionIsValid() => Assert.Equal(ExpositionEntry.EndOfFile, Assert.Single(ParseAll("# EOF\n")).Entry);
}
