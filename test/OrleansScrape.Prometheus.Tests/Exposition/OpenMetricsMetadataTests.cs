using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>HELP, TYPE and UNIT lines.</summary>
public sealed class OpenMetricsMetadataTests
{
    [Fact]
    public void Metadata_DescribesTheFamilyOfLaterSamples()
    {
        var entries = ParseAll("""
            # TYPE acme_seconds counter
            # UNIT acme_seconds seconds
            # HELP acme_seconds Time \"spent\".
            acme_seconds_total 4.2
            # EOF
            """);

        Assert.Equal(MetricKind.Counter, entries[0].Kind);
        Assert.Equal("seconds", entries[1].Text);
        Assert.Equal("Time \"spent\".", entries[2].Text);
        var series = entries[3];
        Assert.Equal("acme_seconds", series.FamilyName);
        Assert.Equal(MetricKind.Counter, series.FamilyKind);
        Assert.Equal("seconds", series.FamilyUnit);
        Assert.Equal("Time \"spent\".", series.FamilyHelp);
    }

    [Theory]
    [InlineData("# HELP", "without metric name")]
    [InlineData("# HELP ", "without metric name")]
    [InlineData("# HELP a", "ends after the name")]
    [InlineData("# HELP a\t", "invalid metric name")]
    [InlineData("# TYPE", "without metric name")]
    [InlineData("# TYPE a", "ends after the name")]
    [InlineData("# UNIT ", "without metric name")]
    [InlineData("# UNIT a", "ends after the name")]
    [InlineData("# HELP 0a x", "invalid metric name")]
    [InlineData("# HELPa x", "must be HELP")]
    public void MetadataLinesNameAFamilyFollowedByASpace(string line, string reason) => AssertInvalid(line + "\n# EOF\n", 1, reason);

    [Theory]
    [InlineData("counter", MetricKind.Counter)]
    [InlineData("gauge", MetricKind.Gauge)]
    [InlineData("histogram", MetricKind.Histogram)]
    [InlineData("gaugehistogram", MetricKind.GaugeHistogram)]
    [InlineData("stateset", MetricKind.StateSet)]
    [InlineData("info", MetricKind.Info)]
    [InlineData("summary", MetricKind.Summary)]
    [InlineData("unknown", MetricKind.Unknown)]
    public void TypeMustBeAKnownLowercaseType_Valid(string type, MetricKind kind) =>
        Assert.Equal(kind, ParseAll($"# TYPE a {type}\n# EOF\n")[0].Kind);

    [Theory]
    [InlineData("untyped")]
    [InlineData("Counter")]
    [InlineData("meh")]
    [InlineData("gauge ")]
    [InlineData("")]
    public void TypeMustBeAKnownLowercaseType_Invalid(string type) => AssertInvalid($"# TYPE a {type}\n# EOF\n", 1, "invalid metric type");

    [Fact]
    public void FamilyWithoutTypeIsUnknown()
    {
        var entries = ParseAll("# HELP a x\na 1\nb 2\n# EOF\n");
        Assert.Equal(MetricKind.Unknown, entries[1].FamilyKind);
        Assert.Equal(MetricKind.Unknown, entries[2].FamilyKind);
        Assert.Equal("b", entries[2].FamilyName);
    }

    [Theory]
    [InlineData("# HELP a x\n# HELP a x", "second HELP")]
    [InlineData("# HELP a \n# HELP a ", "second HELP")]
    [InlineData("# TYPE a gauge\n# TYPE a gauge", "second TYPE")]
    [InlineData("# TYPE a info\n# TYPE a counter", "second TYPE")]
    [InlineData("# UNIT a_s s\n# UNIT a_s s", "second UNIT")]
    [InlineData("# UNIT a_s \n# UNIT a_s ", "second UNIT")]
    public void EachMetadataLineAtMostOncePerFamily(string lines, string reason) => AssertInvalid(lines + "\n# EOF\n", 2, reason);

    [Theory]
    [InlineData("# HELP a x\na 1\n# TYPE a gauge")]
    [InlineData("# TYPE a gauge\na 1\n# HELP a gauge")]
    [InlineData("# TYPE a_s gauge\na_s 1\n# UNIT a_s s")]
    [InlineData("# TYPE a counter\na_total 1\n# HELP a x")]
    public void MetadataMustPrecedeTheFamilysSamples(string lines) => AssertInvalid(lines + "\n# EOF\n", 3, "after its samples");

    [Fact]
    public void MetadataMayComeInAnyOrder()
    {
        AssertValid("# HELP a help\n# TYPE a counter\na_total 1\n# EOF\n");
        AssertValid("# UNIT a_b b\n# HELP a_b help\n# TYPE a_b gauge\na_b 1\n# EOF\n");
    }

    [Theory]
    [InlineData("a_seconds", "seconds")]
    [InlineData("a_seconds_total", "total")]
    [InlineData("a", "")]
    [InlineData("a_b:c", "b:c")]
    public void UnitMustBeASuffixOfTheFamilyName_Valid(string family, string unit)
    {
        var entries = ParseAll($"# TYPE {family} gauge\n# UNIT {family} {unit}\n{family} 1\n# EOF\n");
        Assert.Equal(unit, entries[1].Text);
        Assert.Equal(unit, entries[2].FamilyUnit);
    }

    [Theory]
    [InlineData("a", "seconds", "not a suffix")]
    [InlineData("aseconds", "seconds", "not a suffix")]
    [InlineData("seconds", "seconds", "not a suffix")]
    [InlineData("a_seconds", "seconds ", "invalid unit")]
    [InlineData("a_sec-onds", "sec-onds", "invalid metric name")]
    public void UnitMustBeASuffixOfTheFamilyName_Invalid(string family, string unit, string reason) =>
        AssertInvalid($"# UNIT {family} {unit}\n# EOF\n", 1, reason);

    [Theory]
    [InlineData("# TYPE x_u info\n# UNIT x_u u", "info has a unit")]
    [InlineData("# TYPE x_u stateset\n# UNIT x_u u", "stateset has a unit")]
    [InlineData("# UNIT x_u u\n# TYPE x_u info", "info has a unit")]
    [InlineData("# UNIT x_u u\n# TYPE x_u stateset", "stateset has a unit")]
    public void UnitMustBeEmptyForInfoAndStateSet(string lines, string reason)
    {
        AssertInvalid(lines + "\n# EOF\n", 2, reason);
        AssertValid("# TYPE x_u info\n# UNIT x_u \n# EOF\n");
    }

    [Theory]
    [InlineData("he\\\\lp", "he\\lp")]
    [InlineData("he\\nlp", "he\nlp")]
    [InlineData("he\\\"lp", "he\"lp")]
    [InlineData("he\\tlp", "he\\tlp")]
    [InlineData("\\\\\"", "\\\"")]
    [InlineData("", "")]
    public void HelpTextIsAnEscapedString_Valid(string raw, string text) =>
        Assert.Equal(text, ParseAll($"# HELP a {raw}\n# EOF\n")[0].Text);

    [Fact]
    public void HelpTextIsAnEscapedString_LoneTrailingBackslashIsInvalid() =>
        AssertInvalid("# HELP a foo\\\n# EOF\n", 1, "lone backslash");
}
