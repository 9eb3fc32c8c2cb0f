using OrleansScrape.Prometheus.Relabeling;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>A scrape that breaks a limit fails whole, with Prometheus's message.</summary>
public sealed class LimitTests
{
    [Fact]
    public void SampleLimit_Exceeded_FailsTheScrape()
    {
        var error = Assert.Throws<ScrapeLimitException>(() => Translate("a 1\nb 2\nc 3\n", Options with { SampleLimit = 2 }));

        Assert.Contains("sample limit exceeded", error.Message);
    }

    [Fact]
    public void SampleLimit_CountsSamplesAfterMetricRelabeling()
    {
        var options = Options with
        {
            SampleLimit = 2,
            MetricRelabeling = new Relabeler([new RelabelConfig { SourceLabels = ["__name__"], Regex = RelabelRegex.Parse("c"), Action = RelabelAction.Drop }]),
        };

        var (_, stats) = Translate("a 1\nb 2\nc 3\n", options);

        Assert.Equal((3, 2), (stats.SamplesScraped, stats.SamplesPostRelabeling));
    }

    [Fact]
    public void LabelLimit_Exceeded_FailsWithPrometheusMessage()
    {
        // __name__, job and instance count, as in Prometheus: 3 + 2 = 5 labels.
        var error = Assert.Throws<ScrapeLimitException>(() => Translate("http_requests{a=\"1\",b=\"2\"} 1\n", Options with { LabelLimit = 4 }));

        Assert.Equal("label_limit exceeded (metric: http_requests, number of labels: 5, limit: 4)", error.Message);
    }

    [Fact]
    public void LabelLimit_Reached_IsAllowed()
    {
        var (batch, _) = Translate("http_requests{a=\"1\",b=\"2\"} 1\n", Options with { LabelLimit = 5 });

        Assert.Single(batch.Metrics);
    }

    [Fact]
    public void LabelNameLengthLimit_Exceeded_FailsWithPrometheusMessage()
    {
        var error = Assert.Throws<ScrapeLimitException>(() => Translate("g{short=\"1\",much_too_long=\"2\"} 1\n", Options with { LabelNameLengthLimit = 8 }));

        Assert.Equal("label_name_length_limit exceeded (metric: g, label name: much_too_long, length: 13, limit: 8)", error.Message);
    }

    [Fact]
    public void LabelValueLengthLimit_Exceeded_FailsWithPrometheusMessage()
    {
        // The target's labels count too: instance "10.0.0.7:9100" has 13 characters.
        var error = Assert.Throws<ScrapeLimitException>(() => Translate("g{path=\"/api/v1/things\"} 1\n", Options with { LabelValueLengthLimit = 13 }));

        Assert.Equal("label_value_length_limit exceeded (metric: g, label name: path, value: \"/api/v1/things\", length: 14, limit: 13)", error.Message);
    }

    [Fact]
    public void LabelLimitMessage_CutsTheMetricNameAtFiftyCharacters()
    {
        var name = new string('m', 60);

        var error = Assert.Throws<ScrapeLimitException>(() => Translate($"{name}{{a=\"1\"}} 1\n", Options with { LabelLimit = 1 }));

        Assert.Equal($"label_limit exceeded (metric: {new string('m', 50)}, number of labels: 4, limit: 1)", error.Message);
    }

    [Fact]
    public void LabelLimit_SeriesDroppedByMetricRelabeling_IsNotChecked()
    {
        var options = Options with
        {
            LabelLimit = 3,
            MetricRelabeling = new Relabeler([new RelabelConfig { SourceLabels = ["__name__"], Regex = RelabelRegex.Parse("wide"), Action = RelabelAction.Drop }]),
        };

        var (batch, _) = Translate("wide{a=\"1\",b=\"2\"} 1\nnarrow 1\n", options);

        Assert.Equal(["narrow"], batch.Metrics.Select(m => m.Name));
    }
}
