using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>Metric families: which samples belong to them, and how they follow one another.</summary>
public sealed class OpenMetricsFamilyTests
{
    [Theory]
    [InlineData("counter", "a_total", "a_created")]
    [InlineData("summary", "a{quantile=\"0.5\"}", "a_count", "a_sum", "a_created")]
    [InlineData("histogram", "a_bucket{le=\"+Inf\"}", "a_count", "a_sum", "a_created")]
    [InlineData("gaugehistogram", "a_bucket{le=\"+Inf\"}", "a_gcount", "a_gsum")]
    [InlineData("info", "a_info")]
    [InlineData("gauge", "a")]
    [InlineData("stateset", "a{a=\"s\"}")]
    [InlineData("unknown", "a")]
    public void SampleNamesMustUseTheSuffixesOfTheirType_Valid(string type, params string[] samples)
    {
        var series = Series($"# TYPE a {type}\n" + string.Concat(samples.Select(s => s + " 1\n")) + "# EOF\n");

        Assert.Equal(samples.Length, series.Count);
        Assert.All(series, s =>
        {
            Assert.Equal("a", s.FamilyName);
            Assert.Equal(0, s.FamilyIndex);
        });
    }

    [Theory]
    [InlineData("counter")]
    [InlineData("histogram")]
    [InlineData("gaugehistogram")]
    [InlineData("info")]
    public void SampleNamesMustUseTheSuffixesOfTheirType_BareNameOfASuffixedTypeIsInvalid(string type)
    {
        // The bare name is no sample of these types, so it starts another family, which clashes.
        var error = ParseError($"# TYPE a {type}\na 1\n# EOF\n");
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("clash", error.Reason);
    }

    [Theory]
    [InlineData("gauge", "a_total")]
    [InlineData("counter", "a_count")]
    [InlineData("summary", "a_bucket")]
    [InlineData("histogram", "a_gsum")]
    public void SampleNamesMustUseTheSuffixesOfTheirType_OtherSuffixesStartAnUnknownFamily(string type, string sample)
    {
        var series = SingleSeries($"# TYPE a {type}\n{sample} 1\n# EOF\n");

        Assert.Equal(sample, series.FamilyName);
        Assert.Equal(MetricKind.Unknown, series.FamilyKind);
        Assert.Equal(1, series.FamilyIndex);
    }

    [Fact]
    public void SamplesWithoutMetadata_FormUnknownFamiliesOfTheirOwnName()
    {
        var series = Series("a_total 1\na_created 2\nb 3\n# EOF\n");

        Assert.Equal(["a_total", "a_created", "b"], series.Select(s => s.FamilyName));
        Assert.Equal([0, 1, 2], series.Select(s => s.FamilyIndex));
        Assert.All(series, s => Assert.Equal(MetricKind.Unknown, s.FamilyKind));
    }

    [Theory]
    [InlineData("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2", 5)]
    [InlineData("a 1\nb 1\na 1", 3)]
    [InlineData("# TYPE a counter\n# TYPE b gauge\n# TYPE a counter", 3)]
    [InlineData("# HELP a x\nb 1\n# HELP a y", 3)]
    public void FamiliesMustNotRepeatOrInterleave(string lines, int line) =>
        AssertInvalid(lines + "\n# EOF\n", line, "appears twice");

    [Theory]
    [InlineData("# TYPE a_created gauge\n# TYPE a counter", 2)]
    [InlineData("# TYPE a counter\n# TYPE a_created gauge", 2)]
    [InlineData("# TYPE a counter\n# TYPE a_total gauge", 2)]
    [InlineData("# TYPE a_bucket gauge\n# TYPE a gaugehistogram", 2)]
    [InlineData("# TYPE a histogram\na_bucket{le=\"+Inf\"} 0\n# TYPE a_count gauge", 3)]
    [InlineData("# TYPE a_info gauge\n# TYPE a info", 2)]
    [InlineData("# TYPE a summary\nquantile{quantile=\"0\"} 0\na_sum{a=\"1\"} 0", 3)]
    public void FamilyNamesMustNotClashWithAnotherFamilysSamples(string lines, int line)
    {
        var error = ParseError(lines + "\n# EOF\n");
        Assert.Equal(line, error.LineNumber);
        Assert.Contains("clash", error.Reason);
    }

    [Fact]
    public void FamilyNamesMustNotClash_DistinctFamiliesAreValid() =>
        AssertValid("# TYPE a counter\na_total 1\n# TYPE a_created_b gauge\na_created_b 1\n# TYPE b histogram\n# EOF\n");

    [Theory]
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 2", 4)]
    [InlineData("# TYPE a counter\na_total{x=\"1\"} 1\na_total{x=\"2\"} 1\na_created{x=\"1\"} 2", 4)]
    [InlineData("# TYPE a histogram\na_bucket{x=\"1\",le=\"+Inf\"} 1\na_bucket{x=\"2\",le=\"+Inf\"} 1\na_bucket{le=\"+Inf\",x=\"1\"} 2", 4)]
    [InlineData("# TYPE a summary\na{x=\"1\",quantile=\"0.5\"} 1\na_count{x=\"2\"} 1\na_count{x=\"1\"} 1", 4)]
    [InlineData("# TYPE a stateset\na{x=\"1\",a=\"on\"} 1\na{x=\"2\",a=\"on\"} 1\na{x=\"1\",a=\"off\"} 0", 4)]
    public void MetricsMustNotBeInterleaved(string lines, int line) => AssertInvalid(lines + "\n# EOF\n", line, "comes back");

    [Fact]
    public void MetricsAreIdentifiedByTheirLabelSet_WhateverTheLabelOrderOrEscaping()
    {
        AssertValid("""
            # TYPE a gauge
            a{x="1",y="2"} 1 1
            a{y="2",x="1"} 2 2
            a{x="\z"} 1 1
            a{x="\\z"} 1 2
            # EOF
            """);
        // The same pair of label sets, but the second sample breaks the timestamp order only if it is the same metric.
        AssertInvalid("# TYPE a gauge\na{x=\"1\",y=\"2\"} 1 2\na{y=\"2\",x=\"1\"} 2 1\n# EOF\n", 3, "goes backwards");
    }
}
