using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>The grammar of a sample line: name, labels, value.</summary>
public sealed class OpenMetricsSampleSyntaxTests
{
    [Fact]
    public void Series_ExposesNameLabelsAndValue()
    {
        var series = SingleSeries("http_requests{method=\"get\",code=\"200\"} 1027\n# EOF\n");

        Assert.Equal("http_requests", series.Name);
        Assert.Equal([new("method", "get"), new("code", "200")], series.Labels);
        Assert.Equal(1027, series.Value);
        Assert.False(series.HasTimestamp);
        Assert.Null(series.ExemplarLabels);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("_a")]
    [InlineData(":a")]
    [InlineData("a:b_C9")]
    public void MetricNamesFollowTheGrammar_Valid(string name) => Assert.Equal(name, SingleSeries($"{name} 1\n# EOF\n").Name);

    [Theory]
    [InlineData("0a")]
    [InlineData("a.b")]
    [InlineData("a-b")]
    [InlineData("é")]
    public void MetricNamesFollowTheGrammar_Invalid(string name) => AssertInvalid($"{name} 1\n# EOF\n", 1, "invalid metric name");

    [Fact]
    public void LabelNamesFollowTheGrammar_Valid() =>
        Assert.Equal(["_a", "A9", "b_c"], SingleSeries("a{_a=\"1\",A9=\"2\",b_c=\"3\"} 1\n# EOF\n").Labels.Select(l => l.Key));

    [Theory]
    [InlineData("a{1=\"1\"} 1")]
    [InlineData("a{a:b=\"1\"} 1")]
    [InlineData("a{a-b=\"1\"} 1")]
    [InlineData("a{,a=\"1\"} 1")]
    public void LabelNamesFollowTheGrammar_Invalid(string line) => AssertInvalid(line + "\n# EOF\n", 1, "label");

    [Fact]
    public void LabelValuesResolveBackslashQuoteAndNewlineEscapes()
    {
        var labels = SingleSeries("a{a=\"x\\\\y\",b=\"q\\\"q\",c=\"l\\nl\",d=\"\\z\",e=\"\"} 1\n# EOF\n").Labels;

        Assert.Equal("x\\y", labels[0].Value);
        Assert.Equal("q\"q", labels[1].Value);
        Assert.Equal("l\nl", labels[2].Value);
        // The grammar allows a backslash before any character; only the three escapes resolve.
        Assert.Equal("\\z", labels[3].Value);
        Assert.Equal("", labels[4].Value);
    }

    [Theory]
    [InlineData("a{a=1} 1", "quoted value")]
    [InlineData("a{a='1'} 1", "quoted value")]
    [InlineData("a{a=\"1} 1", "unterminated")]
    [InlineData("a{a=\"1\\\"} 1", "unterminated")]
    [InlineData("a{a} 1", "expected \"=\"")]
    [InlineData("a{a\"1\"} 1", "expected \"=\"")]
    [InlineData("a{a=} 1", "quoted value")]
    [InlineData("a{a =\"1\"} 1", "expected \"=\"")]
    [InlineData("a{a= \"1\"} 1", "quoted value")]
    public void LabelValuesAreQuotedStrings_Invalid(string line, string reason) => AssertInvalid(line + "\n# EOF\n", 1, reason);

    [Fact]
    public void LabelValuesMayHoldBracesCommasAndHashes()
    {
        var labels = SingleSeries("a{foo=\"} foo # bar # \",b=\"{x},y\"} 1\n# EOF\n").Labels;
        Assert.Equal("} foo # bar # ", labels[0].Value);
        Assert.Equal("{x},y", labels[1].Value);
    }

    [Theory]
    [InlineData("a{a=\"1\",a=\"2\"} 1")]
    [InlineData("a{a=\"1\",b=\"2\",a=\"1\"} 1")]
    public void LabelNamesAreUniqueInALabelSet(string line) => AssertInvalid(line + "\n# EOF\n", 1, "duplicate label name");

    [Theory]
    [InlineData("a{a=\"1\"b=\"2\"} 1", "expected \",\" or \"}\"")]
    [InlineData("a{a=\"1\",,b=\"2\"} 1", "invalid label name")]
    [InlineData("a{a=\"1\",} 1", "trailing comma")]
    [InlineData("a{a=\"1\", b=\"2\"} 1", "invalid label name")]
    [InlineData("a{a=\"1\" } 1", "expected \",\" or \"}\"")]
    [InlineData("a{a=\"1\"", "missing \"}\"")]
    public void LabelsAreCommaSeparatedWithoutBlanksOrTrailingComma(string line, string reason) => AssertInvalid(line + "\n# EOF\n", 1, reason);

    [Fact]
    public void EmptyLabelBracesAreAllowed() => Assert.Empty(SingleSeries("a{} 1\n# EOF\n").Labels);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("-1.5", -1.5)]
    [InlineData("+2", 2)]
    [InlineData("1e3", 1000)]
    [InlineData("1E-3", 0.001)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("0000000000000000000000000000000000000000001.2e-1", 0.12)]
    [InlineData("9223372036854775808", 9223372036854775808d)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    public void ValuesAreRealNumbersInfinityOrNaN_Valid(string token, double expected) =>
        Assert.Equal(expected, SingleSeries($"a {token}\n# EOF\n").Value);

    [Theory]
    [InlineData("a")]
    [InlineData("0x1")]
    [InlineData("0x1p-3")]
    [InlineData("0b1")]
    [InlineData("0o1")]
    [InlineData("1_2")]
    [InlineData("+NaN")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("1e400")]
    public void ValuesAreRealNumbersInfinityOrNaN_Invalid(string token) => AssertInvalid($"a {token}\n# EOF\n", 1, "invalid value");

    [Theory]
    [InlineData("a\n# EOF\n")]
    [InlineData("a \n# EOF\n")]
    [InlineData("a{}\n# EOF\n")]
    public void EverySampleHasAValue(string body) => AssertInvalid(body, 1, "value");
}
