using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary><c>scrape_series_added</c> and the per-target series cache.</summary>
public sealed class SeriesCacheTests
{
    [Fact]
    public void SeriesAdded_CountsSeriesNotInThePreviousScrape()
    {
        var translator = Translator();
        var (_, first) = Translate("g{a=\"1\"} 1\ng{a=\"2\"} 1\n", translator);
        var (_, second) = Translate("g{a=\"1\"} 1\ng{a=\"2\"} 1\ng{a=\"3\"} 1\n", translator);
        var (_, third) = Translate("g{a=\"1\"} 1\n", translator);
        var (_, fourth) = Translate("g{a=\"1\"} 1\ng{a=\"2\"} 1\n", translator);

        Assert.Equal([2, 1, 0, 1], new[] { first, second, third, fourth }.Select(s => s.SeriesAdded));
    }

    [Fact]
    public void SeriesAdded_DoesNotCountSeriesDroppedByMetricRelabeling()
    {
        var options = Options with
        {
            MetricRelabeling = new Relabeler([new RelabelConfig { SourceLabels = ["__name__"], Regex = RelabelRegex.Parse("dropped"), Action = RelabelAction.Drop }]),
        };

        var (_, stats) = Translate("kept 1\ndropped 1\n", options);

        Assert.Equal(1, stats.SeriesAdded);
    }

    [Fact]
    public void SeriesCache_EvictsSeriesGoneFromTheLastScrape()
    {
        var translator = Translator();
        Translate("g{a=\"1\"} 1\ng{a=\"2\"} 1\ng{a=\"3\"} 1\n", translator);
        Assert.Equal(3, translator.CachedSeriesCount);

        Translate("g{a=\"1\"} 1\n", translator);

        Assert.Equal(1, translator.CachedSeriesCount);
    }

    [Fact]
    public void SeriesCache_IsForgottenWhenTheOptionsChange()
    {
        var translator = Translator();
        Translate("g{a=\"1\"} 1\n", translator);

        translator.Options = Options with { TargetLabels = [.. TargetLabels, new Label("zone", "eu-1")] };
        var (batch, _) = Translate("g{a=\"1\"} 1\n", translator);

        // The series now has other attributes: a new point, and the old one goes stale.
        var fresh = Assert.Single(batch.Points, p => p.Flags == DataPointFlags.None);
        var stale = Assert.Single(batch.Points, p => p.Flags == DataPointFlags.NoRecordedValue);
        Assert.Equal([Label("a", "1"), Label("zone", "eu-1")], batch.LabelsOf(fresh));
        Assert.Equal([Label("a", "1")], batch.LabelsOf(stale));
    }
}
