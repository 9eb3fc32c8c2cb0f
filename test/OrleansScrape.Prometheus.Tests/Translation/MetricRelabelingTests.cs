using OrleansScrape.Prometheus.Relabeling;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary><c>metric_relabel_configs</c> run on every scraped series, target labels included.</summary>
public sealed class MetricRelabelingTests
{
    private const string Body = """
        # TYPE go_gc_count gauge
        go_gc_count 3
        # TYPE go_threads gauge
        go_threads 9
        # TYPE http_requests counter
        http_requests_total{code="200",pod="web-0"} 10
        http_requests_total{code="500",pod="web-0"} 1
        """;

    private static TranslationOptions With(params RelabelConfig[] rules) => Options with { MetricRelabeling = new Relabeler(rules) };

    [Fact]
    public void MetricRelabeling_DropByName_RemovesTheSeries_AndKeptSamplesAreCounted()
    {
        var options = With(new RelabelConfig { SourceLabels = ["__name__"], Regex = RelabelRegex.Parse("go_.*"), Action = RelabelAction.Drop });

        var (batch, stats) = Translate(Body, options);

        Assert.Equal(["http_requests_total"], batch.Metrics.Select(m => m.Name));
        Assert.Equal((4, 2, 2, 2), (stats.SamplesScraped, stats.SamplesPostRelabeling, stats.PointsAdded, stats.SeriesAdded));
    }

    [Fact]
    public void MetricRelabeling_Keep_SeesTheTargetLabels()
    {
        var options = With(new RelabelConfig { SourceLabels = ["job", "code"], Regex = RelabelRegex.Parse("node;5.."), Action = RelabelAction.Keep });

        var (batch, stats) = Translate(Body, options);

        Assert.Equal([Label("code", "500"), Label("pod", "web-0")], batch.LabelsOf(batch.SinglePoint("http_requests_total")));
        Assert.Equal(1, stats.SamplesPostRelabeling);
    }

    [Fact]
    public void MetricRelabeling_LabelDrop_RemovesTheLabel()
    {
        var options = With(new RelabelConfig { Regex = RelabelRegex.Parse("pod"), Action = RelabelAction.LabelDrop });

        var (batch, _) = Translate(Body, options);

        Assert.Equal([[Label("code", "200")], [Label("code", "500")]], batch.PointsNamed("http_requests_total").Select(batch.LabelsOf));
    }

    [Fact]
    public void MetricRelabeling_ReplaceName_RenamesTheMetric()
    {
        var options = With(new RelabelConfig
        {
            SourceLabels = ["__name__"],
            Regex = RelabelRegex.Parse("go_threads"),
            TargetLabel = "__name__",
            Replacement = "process_threads",
        });

        var (batch, _) = Translate(Body, options);

        Assert.Equal(["go_gc_count", "process_threads", "http_requests_total"], batch.Metrics.Select(m => m.Name));
        Assert.Equal(9, batch.SinglePoint("process_threads").Value);
    }

    [Fact]
    public void MetricRelabeling_DroppedSeries_IsDroppedAgainFromTheCache()
    {
        var translator = Translator(With(new RelabelConfig { SourceLabels = ["code"], Regex = RelabelRegex.Parse("500"), Action = RelabelAction.Drop }));
        Translate(Body, translator);

        var (batch, stats) = Translate(Body, translator);

        Assert.Single(batch.PointsNamed("http_requests_total"));
        Assert.Equal((4, 3), (stats.SamplesScraped, stats.SamplesPostRelabeling));
    }
}
