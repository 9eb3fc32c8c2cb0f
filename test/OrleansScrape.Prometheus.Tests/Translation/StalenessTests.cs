using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Prometheus's staleness: a series that vanishes gets one stale marker, a NoRecordedValue point.</summary>
public sealed class StalenessTests
{
    private const long NextScrape = ScrapeTime + 15_000_000_000;

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void VanishedSeries_GetsOneStaleMarkerInTheNextScrapeOnly(ExpositionFormat format)
    {
        var translator = Translator();
        string Body(string text) => format == ExpositionFormat.TextPlain004 ? text : OpenMetrics(text);
        Translate(Body("# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"2\"} 2\n"), translator, format);

        var (second, stats) = Translate(Body("# TYPE g gauge\ng{a=\"1\"} 1\n"), translator, format, NextScrape);
        var (third, thirdStats) = Translate(Body("# TYPE g gauge\ng{a=\"1\"} 1\n"), translator, format, NextScrape + 15_000_000_000);

        var marker = second.PointsOf(second.Metrics.Single(m => m.Name == "g" && second.PointsOf(m)[0].Flags != DataPointFlags.None)).ToArray().Single();
        Assert.Equal(DataPointFlags.NoRecordedValue, marker.Flags);
        Assert.True(double.IsNaN(marker.Value));
        Assert.Equal(NextScrape, marker.TimeUnixNano);
        Assert.Equal([Label("a", "2")], second.LabelsOf(marker));
        Assert.Equal((1, 2), (stats.StaleMarkers, stats.PointsAdded));
        Assert.DoesNotContain(third.AllPoints(), p => p.Flags != DataPointFlags.None);
        Assert.Equal(0, thirdStats.StaleMarkers);
    }

    [Fact]
    public void VanishedSeries_StaleMarker_KeepsTheMetricsTypeAndDescription()
    {
        var translator = Translator();
        Translate("# HELP c Things.\n# TYPE c counter\nc_total 1\n", translator);

        var (batch, _) = Translate("", translator, scrapeTime: NextScrape);

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(("c_total", "Things.", MetricType.Sum, true), (metric.Name, metric.Description, metric.Type, metric.IsMonotonic));
        Assert.Equal(DataPointFlags.NoRecordedValue, batch.SinglePoint("c_total").Flags);
    }

    [Fact]
    public void VanishedHistogramAndSummary_GetStaleMarkersOfTheirType()
    {
        var translator = Translator();
        Translate("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# TYPE s summary\ns_count 1\n", translator);

        var (batch, stats) = Translate("g 1\n", translator, scrapeTime: NextScrape);

        Assert.Equal(DataPointFlags.NoRecordedValue, batch.SingleHistogramPoint("h").Flags);
        Assert.Equal(DataPointFlags.NoRecordedValue, batch.SingleSummaryPoint("s").Flags);
        Assert.Equal(2, stats.StaleMarkers);
    }

    [Fact]
    public void SeriesBackAfterItsStaleMarker_IsAnOrdinaryPointAgain()
    {
        var translator = Translator();
        Translate("g 1\n", translator);
        Translate("", translator, scrapeTime: NextScrape);

        var (batch, stats) = Translate("g 3\n", translator, scrapeTime: NextScrape + 15_000_000_000);

        Assert.Equal((3.0, DataPointFlags.None), (batch.SinglePoint("g").Value, batch.SinglePoint("g").Flags));
        Assert.Equal(0, stats.StaleMarkers);
    }

    [Fact]
    public void SeriesWithItsOwnTimestamp_GetsNoStaleMarker()
    {
        var translator = Translator();
        Translate("g{a=\"1\"} 1 1699999999000\ng{a=\"2\"} 2\n", translator);

        var (batch, stats) = Translate("", translator, scrapeTime: NextScrape);

        // Prometheus bypasses staleness for samples with explicit timestamps (track_timestamps_staleness: false).
        Assert.Equal([Label("a", "2")], batch.LabelsOf(batch.SinglePoint("g")));
        Assert.Equal(1, stats.StaleMarkers);
    }

    [Fact]
    public void MarkAllStale_MarksEveryPointOfTheLastScrapeOnce()
    {
        var translator = Translator();
        Translate("# TYPE c counter\nc_total 1\ng{a=\"1\"} 1\ng{a=\"2\"} 2\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", translator);

        var builder = new MetricBatchBuilder(Resource);
        var markers = translator.MarkAllStale(builder, NextScrape);
        var batch = builder.Build();
        var again = translator.MarkAllStale(new MetricBatchBuilder(Resource), NextScrape);

        Assert.Equal(4, markers);
        Assert.Equal(4, batch.PointCount);
        Assert.All(batch.AllPoints(), p => Assert.Equal(DataPointFlags.NoRecordedValue, p.Flags));
        Assert.All(batch.Points, p => Assert.Equal(NextScrape, p.TimeUnixNano));
        Assert.Equal(PrometheusToOtlpTranslator.ReceiverScope, Assert.Single(batch.Scopes));
        Assert.Equal(0, again);
        Assert.Equal(0, translator.TrackedPointCount);
    }
}
