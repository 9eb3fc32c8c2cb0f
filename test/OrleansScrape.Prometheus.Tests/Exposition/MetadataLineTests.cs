using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class MetadataLineTests
{
    [Fact]
    public void Help_NameAndText_AreParsed()
    {
        var entry = ParseSingle("# HELP http_requests_total The total number of HTTP requests.\n");

        Assert.Equal(ExpositionEntry.Help, entry.Entry);
        Assert.Equal("http_requests_total", entry.Name);
        Assert.Equal("The total number of HTTP requests.", entry.Text);
    }

    [Fact]
    public void Help_EscapedBackslashAndNewline_AreUnescaped()
    {
        Assert.Equal("a\\b\nc", ParseSingle("# HELP m a\\\\b\\nc\n").Text);
    }

    [Fact]
    public void Help_EscapedQuote_IsKeptAsWritten()
    {
        // Quotes need no escaping in HELP, so "\"" is not an escape there.
        Assert.Equal("say \\\"hi\\\"", ParseSingle("# HELP m say \\\"hi\\\"\n").Text);
    }

    [Fact]
    public void Help_TrailingBackslash_IsKept()
    {
        Assert.Equal("ends with \\", ParseSingle("# HELP m ends with \\\n").Text);
    }

    [Fact]
    public void Help_WithoutText_IsEmpty()
    {
        var entry = ParseSingle("# HELP m\n");

        Assert.Equal("m", entry.Name);
        Assert.Equal(string.Empty, entry.Text);
    }

    [Fact]
    public void Help_ExtraBlanksBeforeText_AreSkipped()
    {
        Assert.Equal("text  ", ParseSingle("#  HELP \t m \t text  \n").Text);
    }

    [Theory]
    [InlineData("# HELP\n")]
    [InlineData("# HELP   \n")]
    public void Help_MissingMetricName_IsRejected(string text)
    {
        Assert.Equal("line 1: HELP line without metric name", ParseError(text).Message);
    }

    [Fact]
    public void Help_InvalidMetricName_IsRejected()
    {
        Assert.Equal("line 1: invalid metric name \"1m\" in HELP line", ParseError("# HELP 1m text\n").Message);
    }

    [Fact]
    public void Help_NameRunningIntoOtherCharacters_IsRejected()
    {
        Assert.Equal("line 1: invalid metric name \"m-x\" in HELP line", ParseError("# HELP m-x text\n").Message);
    }

    [Theory]
    [InlineData("counter", MetricKind.Counter)]
    [InlineData("gauge", MetricKind.Gauge)]
    [InlineData("histogram", MetricKind.Histogram)]
    [InlineData("summary", MetricKind.Summary)]
    [InlineData("untyped", MetricKind.Untyped)]
    public void Type_EveryKind_IsParsed(string type, MetricKind expected)
    {
        var entry = ParseSingle($"# TYPE m {type}\n");

        Assert.Equal(ExpositionEntry.Type, entry.Entry);
        Assert.Equal("m", entry.Name);
        Assert.Equal(expected, entry.Kind);
    }

    [Fact]
    public void Type_TrailingBlanks_AreAccepted()
    {
        Assert.Equal(MetricKind.Gauge, ParseSingle("# TYPE m gauge \t\n").Kind);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("stateset")]
    [InlineData("Counter")]
    [InlineData("GAUGE")]
    [InlineData("counter extra")]
    public void Type_UnknownType_IsRejected(string type)
    {
        var error = ParseError($"# TYPE m {type}\n");

        Assert.Equal($"line 1: invalid metric type \"{type}\" for metric \"m\"", error.Message);
    }

    [Fact]
    public void Type_MissingType_IsRejected()
    {
        Assert.Equal("line 1: TYPE line of metric \"m\" has no type", ParseError("# TYPE m \n").Message);
    }

    [Theory]
    [InlineData("# TYPE\n")]
    [InlineData("# TYPE \t\n")]
    public void Type_MissingMetricName_IsRejected(string text)
    {
        Assert.Equal("line 1: TYPE line without metric name", ParseError(text).Message);
    }

    [Fact]
    public void Type_InvalidMetricName_IsRejected()
    {
        Assert.Equal("line 1: invalid metric name \"9m\" in TYPE line", ParseError("# TYPE 9m gauge\n").Message);
    }

    [Fact]
    public void Type_DeclaredTwice_IsRejectedWithLineNumber()
    {
        var error = ParseError("# TYPE m gauge\n# HELP m help\n# TYPE m counter\nm 1\n");

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("line 3: second TYPE line for metric \"m\"", error.Message);
    }

    [Fact]
    public void Type_AfterTheFamilySamples_IsRejected()
    {
        var error = ParseError("m 1\nm{a=\"x\"} 2\n# TYPE m gauge\n");

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("line 3: TYPE line for metric \"m\" after its samples", error.Message);
    }

    [Fact]
    public void Type_AfterSamplesOfFamilyWithHelp_IsRejected()
    {
        var error = ParseError("# HELP m help\nm 1\n# TYPE m gauge\n");

        Assert.Equal("line 3: TYPE line for metric \"m\" after its samples", error.Message);
    }

    [Fact]
    public void Type_AfterHelpOfSameFamily_IsAccepted()
    {
        var entries = ParseAll("# HELP m help\n# TYPE m counter\nm 1\n");

        Assert.Equal([ExpositionEntry.Help, ExpositionEntry.Type, ExpositionEntry.Series], entries.Select(e => e.Entry));
        Assert.Equal(MetricKind.Counter, entries[2].FamilyKind);
    }

    [Fact]
    public void Type_ForOtherFamilyAfterSamples_IsAccepted()
    {
        var entries = ParseAll("a 1\n# TYPE b gauge\nb 2\n");

        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public void Comment_IsReportedWithItsText()
    {
        var entry = ParseSingle("# Some exporter output.\n");

        Assert.Equal(ExpositionEntry.Comment, entry.Entry);
        Assert.Equal("Some exporter output.", entry.Text);
    }

    [Fact]
    public void Comment_HashAlone_IsComment()
    {
        var entry = ParseSingle("#\n");

        Assert.Equal(ExpositionEntry.Comment, entry.Entry);
        Assert.Equal(string.Empty, entry.Text);
    }

    [Fact]
    public void Comment_KeywordWithoutBlankAfterHash_IsComment()
    {
        var entry = ParseSingle("#HELP m text\n");

        Assert.Equal(ExpositionEntry.Comment, entry.Entry);
        Assert.Equal("HELP m text", entry.Text);
    }

    [Theory]
    [InlineData("# HELPFUL hint")]
    [InlineData("# TYPES are listed below")]
    [InlineData("# help m lower-case keyword")]
    public void Comment_WordOtherThanHelpOrType_IsComment(string line)
    {
        Assert.Equal(ExpositionEntry.Comment, ParseSingle(line + "\n").Entry);
    }

    [Fact]
    public void Comment_WithInvalidSyntaxInside_IsIgnored()
    {
        var entries = ParseAll("# {{{ \"unbalanced\n# 1abc=??\nm 1\n");

        Assert.Equal([ExpositionEntry.Comment, ExpositionEntry.Comment, ExpositionEntry.Series], entries.Select(e => e.Entry));
    }
}
