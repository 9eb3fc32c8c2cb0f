using System.Text;
using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class LabelTests
{
    private static KeyValuePair<string, string> Label(string name, string value) => new(name, value);

    [Fact]
    public void Labels_AreYieldedInOrder()
    {
        var entry = ParseSingle("http_requests_total{method=\"post\",code=\"200\"} 1027\n");

        Assert.Equal([Label("method", "post"), Label("code", "200")], entry.Labels);
    }

    [Fact]
    public void Labels_EmptySet_IsAccepted()
    {
        var entry = ParseSingle("up{} 1\n");

        Assert.Empty(entry.Labels);
        Assert.Equal(1, entry.Value);
    }

    [Fact]
    public void Labels_TrailingComma_IsAccepted()
    {
        var entry = ParseSingle("up{a=\"1\",b=\"2\",} 1\n");

        Assert.Equal([Label("a", "1"), Label("b", "2")], entry.Labels);
    }

    [Fact]
    public void Labels_BlanksAroundEveryToken_AreAccepted()
    {
        var entry = ParseSingle("up{ a = \"1\" ,\tb\t=\t\"2\" , } 1\n");

        Assert.Equal([Label("a", "1"), Label("b", "2")], entry.Labels);
    }

    [Fact]
    public void Labels_MissingComma_IsRejected()
    {
        var error = ParseError("up{a=\"1\" b=\"2\"} 1\n");

        Assert.Equal("line 1: expected \",\" or \"}\" after the value of label \"a\"", error.Message);
    }

    [Fact]
    public void Labels_LoneComma_IsRejected()
    {
        Assert.Equal("line 1: expected label name, found \",\"", ParseError("up{,} 1\n").Message);
    }

    [Fact]
    public void Labels_DoubleComma_IsRejected()
    {
        Assert.Contains("expected label name, found \",\"", ParseError("up{a=\"1\",,b=\"2\"} 1\n").Message);
    }

    [Theory]
    [InlineData("up{a=\"1\"\n")]
    [InlineData("up{a=\"1\", \n")]
    [InlineData("up{")]
    public void Labels_MissingClosingBrace_IsRejected(string text)
    {
        Assert.Equal("line 1: missing \"}\" after the labels of metric \"up\"", ParseError(text).Message);
    }

    [Fact]
    public void Labels_ValueInsteadOfClosingBrace_IsRejected()
    {
        Assert.Equal("line 1: expected \",\" or \"}\" after the value of label \"a\"", ParseError("up{a=\"1\" 1\n").Message);
    }

    [Fact]
    public void LabelName_StartingWithDigit_IsRejectedWithLineNumber()
    {
        var error = ParseError("# TYPE up gauge\nup{1abc=\"x\"} 1\n");

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("line 2: invalid label name \"1abc\"", error.Message);
    }

    [Fact]
    public void LabelName_WithColon_IsRejected()
    {
        Assert.Equal("line 1: invalid label name \"a:b\"", ParseError("up{a:b=\"x\"} 1\n").Message);
    }

    [Fact]
    public void LabelName_WithUnderscoresAndDigits_IsAccepted()
    {
        Assert.Equal([Label("_a_1", "x")], ParseSingle("up{_a_1=\"x\"} 1\n").Labels);
    }

    [Fact]
    public void LabelName_Duplicate_IsRejected()
    {
        var error = ParseError("up 1\nup{a=\"1\",b=\"2\",a=\"3\"} 1\n");

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("line 2: duplicate label name \"a\"", error.Message);
    }

    [Fact]
    public void LabelName_DuplicateAmongManyLabels_IsRejected()
    {
        var labels = string.Join(',', Enumerable.Range(0, 40).Select(i => $"label_{i}=\"{i}\""));

        var error = ParseError($"up{{{labels},label_17=\"again\"}} 1\n");

        Assert.Equal("line 1: duplicate label name \"label_17\"", error.Message);
    }

    [Fact]
    public void LabelName_DistinctNamesOfSameShape_AreAccepted()
    {
        // Same length, first and last byte: the duplicate check has to compare the names.
        var entry = ParseSingle("up{axb=\"1\",ayb=\"2\",azb=\"3\"} 1\n");

        Assert.Equal([Label("axb", "1"), Label("ayb", "2"), Label("azb", "3")], entry.Labels);
    }

    [Fact]
    public void Label_MissingEquals_IsRejected()
    {
        Assert.Equal("line 1: expected \"=\" after label name \"a\"", ParseError("up{a \"1\"} 1\n").Message);
    }

    [Fact]
    public void LabelValue_Unquoted_IsRejected()
    {
        Assert.Equal("line 1: expected quoted value for label \"a\"", ParseError("up{a=1} 1\n").Message);
    }

    [Fact]
    public void LabelValue_Unterminated_IsRejected()
    {
        Assert.Equal("line 1: unterminated value of label \"a\"", ParseError("up{a=\"1} 1\n").Message);
    }

    [Fact]
    public void LabelValue_SpanningLines_IsRejected()
    {
        var error = ParseError("up{a=\"first\nsecond\"} 1\n");

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("unterminated value of label \"a\"", error.Message);
    }

    [Fact]
    public void LabelValue_BackslashAtEndOfLine_IsRejected()
    {
        Assert.Contains("unterminated value of label \"a\"", ParseError("up{a=\"x\\\n\"} 1\n").Message);
    }

    [Fact]
    public void LabelValue_EscapedQuote_IsUnescaped()
    {
        Assert.Equal([Label("a", "say \"hi\"")], ParseSingle("up{a=\"say \\\"hi\\\"\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_EscapedBackslash_IsUnescaped()
    {
        Assert.Equal([Label("path", "C:\\dir")], ParseSingle("up{path=\"C:\\\\dir\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_EscapedNewline_IsUnescaped()
    {
        Assert.Equal([Label("a", "one\ntwo")], ParseSingle("up{a=\"one\\ntwo\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_EscapedBackslashBeforeN_IsBackslashAndN()
    {
        Assert.Equal([Label("a", "\\n")], ParseSingle("up{a=\"\\\\n\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_UnknownEscape_IsKeptAsWritten()
    {
        // The Prometheus server keeps "\t" as backslash and 't'.
        Assert.Equal([Label("a", "x\\ty")], ParseSingle("up{a=\"x\\ty\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_WithBracesCommasAndEquals_IsAccepted()
    {
        Assert.Equal([Label("a", "x}y,z=w{"), Label("b", "2")], ParseSingle("up{a=\"x}y,z=w{\",b=\"2\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_Empty_IsAccepted()
    {
        Assert.Equal([Label("a", "")], ParseSingle("up{a=\"\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_Utf8_IsPreserved()
    {
        Assert.Equal([Label("city", "Zürich ✓")], ParseSingle("up{city=\"Zürich ✓\"} 1\n").Labels);
    }

    [Fact]
    public void LabelValue_InvalidUtf8_IsRejected()
    {
        var body = Encoding.UTF8.GetBytes("up{a=\"x\"} 1\n").ToList();
        body.Insert(7, 0xFF);

        Assert.Equal("line 1: value of label \"a\" is not valid UTF-8", ParseError(body.ToArray()).Message);
    }
}
