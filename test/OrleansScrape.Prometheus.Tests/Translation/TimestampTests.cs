using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Sample timestamps, honoured or not (<c>honor_timestamps</c>).</summary>
public sealed class TimestampTests
{
    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, "g 1 1700000000123\n")]
    [InlineData(ExpositionFormat.OpenMetrics100, "g 1 1700000000.123\n")]
    public void Timestamp_WhenHonored_IsTheSampleTime(ExpositionFormat format, string body)
    {
        var (batch, _) = TranslateAs(format, body, Options with { HonorTimestamps = true });

        Assert.Equal(1_700_000_000_123_000_000, batch.SinglePoint("g").TimeUnixNano);
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, "g 1 1700000000123\n")]
    [InlineData(ExpositionFormat.OpenMetrics100, "g 1 1700000000.123\n")]
    public void Timestamp_WhenNotHonored_IsTheScrapeTime(ExpositionFormat format, string body)
    {
        var (batch, _) = TranslateAs(format, body, Options with { HonorTimestamps = false });

        Assert.Equal(ScrapeTime, batch.SinglePoint("g").TimeUnixNano);
    }

    [Fact]
    public void Timestamp_Absent_IsTheScrapeTime()
    {
        var (batch, _) = Translate("g 1\n");

        Assert.Equal(ScrapeTime, batch.SinglePoint("g").TimeUnixNano);
    }

    [Fact]
    public void Timestamp_OfHistogram_IsTheSampleTime()
    {
        var (batch, _) = Translate("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 1700000000500\nh_count 1 1700000000500\n");

        Assert.Equal(1_700_000_000_500_000_000, batch.SingleHistogramPoint("h").TimeUnixNano);
    }

    [Fact]
    public void Timestamp_BeyondNanosecondRange_DropsTheSampleWhenHonored()
    {
        var (batch, stats) = Translate("g{a=\"1\"} 1\ng{a=\"2\"} 2 9300000000000000\n");

        Assert.Equal(1, batch.SinglePoint("g").Value);
        Assert.Equal((2, 1, 1), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Fact]
    public void Timestamp_BeyondNanosecondRange_IsIgnoredWhenNotHonored()
    {
        var (batch, _) = Translate("g 2 9300000000000000\n", Options with { HonorTimestamps = false });

        Assert.Equal(ScrapeTime, batch.SinglePoint("g").TimeUnixNano);
    }
}
