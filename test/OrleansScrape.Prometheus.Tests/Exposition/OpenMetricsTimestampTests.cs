using System.Text;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>OpenMetrics timestamps: float seconds, exposed without losing nanoseconds.</summary>
public sealed class OpenMetricsTimestampTests
{
    [Theory]
    [InlineData("0", 0L, 0L)]
    [InlineData("000", 0L, 0L)]
    [InlineData("1.5", 1_500L, 1_500_000_000L)]
    [InlineData("1520879607.789", 1_520_879_607_789L, 1_520_879_607_789_000_000L)]
    [InlineData("1604676851.123456789", 1_604_676_851_123L, 1_604_676_851_123_456_789L)]
    [InlineData("1.5e3", 1_500_000L, 1_500_000_000_000L)]
    [InlineData("1.520430000123e+09", 1_520_430_000_123L, 1_520_430_000_123_000_000L)]
    [InlineData("-1.5", -1_500L, -1_500_000_000L)]
    [InlineData("0.0000000001", 0L, 0L)]
    [InlineData("-0.0000000001", -1L, -1L)]
    [InlineData("+12.25", 12_250L, 12_250_000_000L)]
    [InlineData(".5", 500L, 500_000_000L)]
    public void TimestampsAreRealNumbersOfSeconds_Valid(string token, long milliseconds, long nanoseconds)
    {
        var series = SingleSeries($"a 1 {token}\n# EOF\n");

        Assert.True(series.HasTimestamp);
        Assert.Equal(milliseconds, series.TimestampMilliseconds);
        Assert.Equal(nanoseconds, series.TimestampNanoseconds);
    }

    [Theory]
    [InlineData("z")]
    [InlineData("1z")]
    [InlineData("1_2")]
    [InlineData("1.1.1")]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("0x1p-3")]
    [InlineData("1e")]
    [InlineData("-")]
    public void TimestampsAreRealNumbersOfSeconds_Invalid(string token) => AssertInvalid($"a 1 {token}\n# EOF\n", 1, "invalid timestamp");

    [Fact]
    public void TimestampsBeyondTheNanosecondRangeParse_AndSayTheyDoNotFit()
    {
        var series = SingleSeries("a{foo=\"4\"} 1 12345678901234567890.1234567890\n# EOF\n");

        Assert.True(series.HasTimestamp);
        Assert.Null(series.TimestampNanoseconds);
        Assert.Equal(long.MaxValue, series.TimestampMilliseconds);
        Assert.Equal(long.MinValue, SingleSeries("a 1 -1e300\n# EOF\n").TimestampMilliseconds);
    }

    [Theory]
    [InlineData("a 0 1\na 0 0")]
    [InlineData("a 0 -1\na 0 -2")]
    [InlineData("a 0 -1\na 0 -1.1")]
    [InlineData("a 0 1.1\na 0 1")]
    [InlineData("a 0 1604676851.123456789\na 0 1604676851.123456788")]
    public void TimestampsWithinAMetricMustNotGoBackwards_Invalid(string lines) =>
        AssertInvalid("# TYPE a gauge\n" + lines + "\n# EOF\n", 3, "goes backwards");

    [Fact]
    public void TimestampsWithinAMetricMustNotGoBackwards_Valid()
    {
        // Equal timestamps are apparent duplicates, which the standard tolerates; a new metric starts over.
        AssertValid("""
            # TYPE a gauge
            a{a="1"} 1 0.0000000000
            a{a="1"} 2 0.0000000001
            a{a="1"} 3 0.0000000010
            a{a="1"} 3 0.0000000010
            a{a="2"} 4 0
            # EOF
            """);
    }

    [Theory]
    [InlineData("a 0\na 0 0")]
    [InlineData("a 0 0\na 0")]
    public void TimestampPresenceMustBeConsistentWithinAMetric(string lines) =>
        AssertInvalid("# TYPE a gauge\n" + lines + "\n# EOF\n", 3, "timestamp");

    [Fact]
    public void InfoTimestampsMayGoBackwards_AsInfoMetricsCannotBeToldApart() =>
        AssertValid("# TYPE a info\na_info{a=\"1\"} 1 1\na_info{a=\"2\"} 1 0\n# EOF\n");

    [Fact]
    public void TimestampNanoseconds_AreReadableThroughTheParser()
    {
        var parser = new OpenMetricsParser(Encoding.UTF8.GetBytes("a 1 1604676851.123456789\n# EOF\n"));
        Assert.Equal(ExpositionEntry.Series, parser.Next());

        Assert.True(parser.TryGetTimestampUnixNanoseconds(out var nanoseconds));
        Assert.Equal(1_604_676_851_123_456_789L, nanoseconds);
    }
}
