using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>What each metric type requires of its samples' values and labels.</summary>
public sealed class OpenMetricsTypeRuleTests
{
    private static string Body(string type, string lines) => $"# TYPE a {type}\n{lines}\n# EOF\n";

    [Fact]
    public void CounterTotalMustNotBeNaNOrNegative()
    {
        AssertValid(Body("counter", "a_total 0\na_total{x=\"1\"} 9223372036854775808\na_total{x=\"2\"} +Inf"));
        AssertInvalid(Body("counter", "a_total NaN"), 2, "is NaN");
        AssertInvalid(Body("counter", "a_total -1"), 2, "is negative");
    }

    [Fact]
    public void CounterPointMustHaveATotal()
    {
        AssertValid(Body("counter", "a_total 1\na_created 1520430000.123"));
        AssertValid(Body("counter", "a_total 1 2\na_created 1 2\na_total 2 3\na_created 1 3"));
        AssertInvalid(Body("counter", "a_created 1"), 2, "has no _total");
        AssertInvalid(Body("counter", "a_total 1 2\na_created 1 3"), 3, "has no _total");
    }

    [Theory]
    [InlineData("a_bucket 0", "has no \"le\" label")]
    [InlineData("a_bucket{le=\"NaN\"} 0", "invalid \"le\"")]
    [InlineData("a_bucket{le=\"+INF\"} 0", "invalid \"le\"")]
    [InlineData("a_bucket{le=\"Inf\"} 0", "invalid \"le\"")]
    [InlineData("a_bucket{le=\"one\"} 0", "invalid \"le\"")]
    [InlineData("a_bucket{le=\"\"} 0", "invalid \"le\"")]
    public void HistogramBucketNeedsANumericLeLabel_Invalid(string line, string reason)
    {
        AssertInvalid(Body("histogram", line), 2, reason);
        AssertInvalid(Body("gaugehistogram", line), 2, reason);
    }

    [Fact]
    public void HistogramBucketNeedsANumericLeLabel_NonCanonicalNumbersAreValid() =>
        AssertValid(Body("histogram", """
            a_bucket{le="0"} 0
            a_bucket{le="0.00000000001"} 0
            a_bucket{le="1e-04"} 0
            a_bucket{le="1.1e-4"} 0
            a_bucket{le="1"} 0
            a_bucket{le="1e+05"} 0
            a_bucket{le="100000000000.0"} 0
            a_bucket{le="+Inf"} 3
            a_count 3
            a_sum 2
            """));

    [Theory]
    [InlineData("histogram", "a_bucket{le=\"1\"} 0")]
    [InlineData("histogram", "a_sum 1\na_count 0")]
    [InlineData("gaugehistogram", "a_gsum 1\na_gcount 0")]
    [InlineData("histogram", "a_created 1")]
    public void HistogramPointMustHaveAnInfBucket(string type, string lines) => AssertInvalid(Body(type, lines), 2, "no \"+Inf\" bucket");

    [Theory]
    [InlineData("a_bucket{le=\"2\"} 0\na_bucket{le=\"1\"} 0\na_bucket{le=\"+Inf\"} 0")]
    [InlineData("a_bucket{le=\"1\"} 0\na_bucket{le=\"1.0\"} 0\na_bucket{le=\"+Inf\"} 0")]
    [InlineData("a_bucket{le=\"+Inf\"} 0\na_bucket{le=\"1\"} 0")]
    public void HistogramBucketsMustBeSortedByIncreasingLe(string lines) => AssertInvalid(Body("histogram", lines), 3, "out of order");

    [Fact]
    public void HistogramBucketsMustBeCumulative()
    {
        AssertValid(Body("histogram", "a_bucket{le=\"1\"} 1\na_bucket{le=\"2\"} 1\na_bucket{le=\"+Inf\"} 4"));
        AssertInvalid(Body("histogram", "a_bucket{le=\"1\"} 1\na_bucket{le=\"2\"} 1\na_bucket{le=\"+Inf\"} 0"), 4, "cumulative");
    }

    [Theory]
    [InlineData("a_bucket{le=\"+Inf\"} 1.5", "bucket")]
    [InlineData("a_bucket{le=\"+Inf\"} -1", "bucket")]
    [InlineData("a_bucket{le=\"+Inf\"} NaN", "bucket")]
    [InlineData("a_bucket{le=\"+Inf\"} +Inf", "bucket")]
    [InlineData("a_bucket{le=\"+Inf\"} 1\na_count 1.5", "count")]
    [InlineData("a_bucket{le=\"+Inf\"} 1\na_count NaN", "count")]
    public void HistogramBucketAndCountValuesAreNonNegativeIntegers(string lines, string what)
    {
        var error = ParseError(Body("histogram", lines));
        Assert.Contains(what, error.Reason);
        Assert.Contains("not a non-negative integer", error.Reason);
        AssertValid(Body("histogram", "a_bucket{le=\"+Inf\"} 17.0\na_count 17\na_sum 0"));
    }

    [Fact]
    public void HistogramCountMustEqualTheInfBucket()
    {
        AssertInvalid(Body("histogram", "a_bucket{le=\"+Inf\"} 0\na_count 1\na_sum 0"), 2, "_count other than its +Inf bucket");
        AssertInvalid(Body("histogram", "a_count 1\na_sum 0\na_bucket{le=\"+Inf\"} 0"), 2, "_count other than its +Inf bucket");
        AssertInvalid(Body("gaugehistogram", "a_bucket{le=\"+Inf\"} 2\na_gcount 1\na_gsum 0"), 2, "_gcount other than its +Inf bucket");
    }

    [Theory]
    [InlineData("histogram", "a_bucket{le=\"+Inf\"} 0\na_sum 0", "_sum but no _count")]
    [InlineData("histogram", "a_bucket{le=\"+Inf\"} 0\na_count 0", "_count but no _sum")]
    [InlineData("gaugehistogram", "a_bucket{le=\"+Inf\"} 0\na_gsum 0", "_gsum but no _gcount")]
    [InlineData("gaugehistogram", "a_bucket{le=\"+Inf\"} 0\na_gcount 0", "_gcount but no _gsum")]
    public void HistogramSumAndCountComeTogether(string type, string lines, string reason)
    {
        AssertInvalid(Body(type, lines), 2, reason);
        AssertValid(Body("histogram", "a_bucket{le=\"+Inf\"} 0"));
    }

    [Fact]
    public void HistogramSumMustNotBeNaNOrNegative()
    {
        AssertInvalid(Body("histogram", "a_sum NaN"), 2, "is NaN");
        AssertInvalid(Body("histogram", "a_sum -1"), 2, "is negative");
    }

    [Fact]
    public void HistogramWithNegativeBucketsHasNoSum()
    {
        AssertValid(Body("histogram", "a_bucket{le=\"-1.0\"} 0\na_bucket{le=\"1.0\"} 1\na_bucket{le=\"+Inf\"} 3"));
        AssertInvalid(Body("histogram", "a_bucket{le=\"-1\"} 0\na_bucket{le=\"+Inf\"} 0\na_sum 0\na_count 0"), 2, "negative \"le\"");
    }

    [Fact]
    public void HistogramLeLabelOnlyOnBuckets() =>
        AssertInvalid(Body("histogram", "a_bucket{le=\"+Inf\"} 1\na_count{le=\"1\"} 1"), 3, "only buckets may");

    [Fact]
    public void HistogramPointsOfOneMetricAreSeparatedByTimestamp()
    {
        AssertValid(Body("histogram", """
            a_bucket{le="1"} 0 100
            a_bucket{le="+Inf"} 1 100
            a_bucket{le="1"} 1 200
            a_bucket{le="+Inf"} 2 200
            """));
        AssertInvalid(Body("histogram", "a_bucket{le=\"1\"} 0 100\na_bucket{le=\"+Inf\"} 1 200"), 2, "no \"+Inf\" bucket");
    }

    [Fact]
    public void GaugeHistogramBucketsFollowTheHistogramRules()
    {
        AssertValid(Body("gaugehistogram", "a_bucket{le=\"1.0\"} 0\na_bucket{le=\"+Inf\"} 3\na_gcount 3\na_gsum 2"));
        AssertInvalid(Body("gaugehistogram", "a_bucket{le=\"+Inf\"} -1"), 2, "not a non-negative integer");
        AssertInvalid(Body("gaugehistogram", "a_bucket{le=\"2\"} 0\na_bucket{le=\"1\"} 0\na_bucket{le=\"+Inf\"} 0"), 3, "out of order");
    }

    [Fact]
    public void GaugeHistogramSumMayBeNegativeOnlyWithNegativeBuckets()
    {
        AssertValid(Body("gaugehistogram", "a_bucket{le=\"-1.0\"} 1\na_bucket{le=\"1.0\"} 2\na_bucket{le=\"+Inf\"} 3\na_gcount 3\na_gsum -5"));
        AssertInvalid(Body("gaugehistogram", "a_bucket{le=\"+Inf\"} 1\na_gsum -1\na_gcount 1"), 2, "negative _gsum");
        AssertInvalid(Body("gaugehistogram", "a_bucket{le=\"+Inf\"} 1\na_gsum NaN"), 3, "is NaN");
    }

    [Theory]
    [InlineData("a 0", "has no \"quantile\" label")]
    [InlineData("a{quantile=\"-1\"} 0", "invalid \"quantile\"")]
    [InlineData("a{quantile=\"1.01\"} 0", "invalid \"quantile\"")]
    [InlineData("a{quantile=\"NaN\"} 0", "invalid \"quantile\"")]
    [InlineData("a{quantile=\"+Inf\"} 0", "invalid \"quantile\"")]
    [InlineData("a{quantile=\"foo\"} 0", "invalid \"quantile\"")]
    public void SummaryQuantileNeedsAQuantileLabelFromZeroToOne(string line, string reason)
    {
        AssertInvalid(Body("summary", line), 2, reason);
        AssertValid(Body("summary", "a{quantile=\"0\"} 1\na{quantile=\"0.5\"} 2\na{quantile=\"1.0\"} 3\na{quantile=\"1e-3\"} 3"));
    }

    [Fact]
    public void SummaryQuantileValuesMustNotBeNegative()
    {
        AssertInvalid(Body("summary", "a{quantile=\"0.5\"} -1"), 2, "is negative");
        // No observations in the window: the quantile is NaN.
        AssertValid(Body("summary", "a{quantile=\"0.5\"} NaN"));
    }

    [Fact]
    public void SummaryCountAndSumAreCounterLike()
    {
        AssertValid(Body("summary", "a_count 1\na_sum 2\na{quantile=\"0.5\"} 0.7"));
        AssertInvalid(Body("summary", "a_sum NaN"), 2, "is NaN");
        AssertInvalid(Body("summary", "a_sum -1"), 2, "is negative");
        AssertInvalid(Body("summary", "a_count -1"), 2, "not a non-negative integer");
        AssertInvalid(Body("summary", "a_count 1.5"), 2, "not a non-negative integer");
    }

    [Fact]
    public void SummaryQuantileLabelOnlyOnQuantiles() =>
        AssertInvalid(Body("summary", "a_sum{quantile=\"0.5\"} 1"), 2, "only quantiles may");

    [Fact]
    public void StateSetSamplesCarryALabelNamedAfterTheFamily()
    {
        AssertValid(Body("stateset", "a{entity=\"c\",a=\"bar\"} 0\na{entity=\"c\",a=\"foo\"} 1.0"));
        AssertInvalid(Body("stateset", "a 0"), 2, "no label named after its family");
        AssertInvalid(Body("stateset", "a{b=\"x\"} 0"), 2, "no label named after its family");
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2.0")]
    [InlineData("-1")]
    [InlineData("0.5")]
    [InlineData("NaN")]
    public void StateSetValuesAreZeroOrOne(string value)
    {
        AssertInvalid(Body("stateset", $"a{{a=\"x\"}} {value}"), 2, "other than 0 or 1");
        AssertValid(Body("stateset", "a{a=\"x\"} 0.0\na{a=\"y\"} 1e0"));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("NaN")]
    public void InfoValueMustBeOne(string value)
    {
        AssertInvalid(Body("info", $"a_info{{foo=\"bar\"}} {value}"), 2, "other than 1");
        AssertValid(Body("info", "a_info{name=\"pretty\",version=\"8.2.7\"} 1.0"));
    }

    [Fact]
    public void GaugeAndUnknownValuesMayBeAnyNumber()
    {
        AssertValid(Body("gauge", "a{x=\"1\"} -1\na{x=\"2\"} NaN\na{x=\"3\"} -Inf\na{x=\"4\"} 1.5"));
        AssertValid(Body("unknown", "a{x=\"1\"} -1\na{x=\"2\"} NaN"));
    }
}
