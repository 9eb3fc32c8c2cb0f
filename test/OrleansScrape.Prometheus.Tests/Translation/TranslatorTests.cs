using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Labels, strings, statistics and failure handling of the translator.</summary>
public sealed class TranslatorTests
{
    [Fact]
    public void SeriesWithoutType_BecomesGaugePerDistinctName()
    {
        var (batch, _) = Translate("a 1\na{x=\"1\"} 2\nb 3\n");

        Assert.Equal(["a", "b"], batch.Metrics.Select(m => m.Name));
        Assert.All(batch.Metrics, m => Assert.Equal(MetricType.Gauge, m.Type));
        Assert.Equal(2, batch.Metric("a").PointCount);
    }

    [Fact]
    public void Metric_WithoutHelp_HasEmptyDescriptionAndUnit()
    {
        var (batch, _) = Translate("# TYPE g gauge\ng 1\n");

        Assert.Equal(string.Empty, batch.Metric("g").Description);
        Assert.Equal(string.Empty, batch.Metric("g").Unit);
    }

    [Fact]
    public void Metric_IsInTheReceiverScope()
    {
        var (batch, _) = Translate("g 1\n");

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(PrometheusToOtlpTranslator.ReceiverScope, batch.Scopes[metric.ScopeIndex]);
        Assert.Equal("github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver", batch.Scopes[metric.ScopeIndex].Name);
    }

    [Fact]
    public void Batch_HasTheGivenResource()
    {
        var (batch, _) = Translate("g 1\n");

        Assert.Equal(Resource, batch.ResourceAttributes);
    }

    [Fact]
    public void Labels_BecomePointAttributesSortedByKey()
    {
        var (batch, _) = Translate("g{b=\"2\",a=\"1\",c=\"3\"} 1\n");

        Assert.Equal([Label("a", "1"), Label("b", "2"), Label("c", "3")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Labels_EscapedValues_AreUnescaped()
    {
        var (batch, _) = Translate("g{path=\"C:\\\\x\",q=\"\\\"a\\\"\",n=\"1\\n2\"} 1\n");

        Assert.Equal([Label("n", "1\n2"), Label("path", "C:\\x"), Label("q", "\"a\"")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Labels_ManyLabels_AreAllKept()
    {
        var labels = string.Join(',', Enumerable.Range(0, 40).Select(i => $"l{i}=\"v{i}\""));

        var (batch, _) = Translate($"g{{{labels}}} 1\n");

        Assert.Equal(40, batch.LabelsOf(batch.SinglePoint("g")).Length);
    }

    [Fact]
    public void Translate_Utf8Labels_AreDecoded()
    {
        var (batch, _) = Translate("g{city=\"Zürich\"} 1\n");

        Assert.Equal([Label("city", "Zürich")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Stats_CountEverySampleLineAndOnlySampleLines()
    {
        var (_, stats) = Translate("# HELP a x\n# TYPE a gauge\n# comment\n\na 1\na{x=\"1\"} 2\nb 3\n");

        Assert.Equal(new TranslationStats(SamplesScraped: 3, SamplesPostRelabeling: 3, SeriesAdded: 3, PointsAdded: 3, SkippedSamples: 0, StaleMarkers: 0), stats);
    }

    [Fact]
    public void Family_ResumedAfterAnotherFamily_KeepsItsType()
    {
        var (batch, _) = Translate("# TYPE a counter\na 1\n# TYPE b gauge\nb 2\na{x=\"1\"} 3\n");

        Assert.Equal(["a", "b", "a"], batch.Metrics.Select(m => m.Name));
        Assert.All(batch.Metrics.Where(m => m.Name == "a"), m => Assert.Equal(MetricType.Sum, m.Type));
    }

    [Fact]
    public void Series_WhoseFamilyTypeChanges_IsTranslatedByItsNewType()
    {
        var translator = Translator();
        Translate("# TYPE x summary\nx_count 3\nx_sum 1\n", translator);

        // The exporter now exposes the same lines without metadata: they are two gauges.
        var (batch, stats) = Translate("x_count 3\nx_sum 1\n", translator);

        Assert.Equal([("x_count", MetricType.Gauge), ("x_sum", MetricType.Gauge)], batch.Metrics.Where(m => m.Type != MetricType.Summary).Select(m => (m.Name, m.Type)));
        Assert.Equal(3, batch.SinglePoint("x_count").Value);
        Assert.Equal(0, stats.SkippedSamples);
    }

    [Fact]
    public void FormatError_PropagatesWithLineNumber()
    {
        var error = Assert.Throws<ExpositionFormatException>(() => Translate("g 1\n# TYPE g counter\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Translate_AfterFailedScrape_StillWorks()
    {
        var translator = Translator();
        Assert.Throws<ExpositionFormatException>(() => Translate("# TYPE g gauge\ng 1\n# TYPE g gauge\n", translator));

        var (batch, stats) = Translate("# TYPE g gauge\ng 1\n", translator);

        Assert.Equal(1, stats.PointsAdded);
        Assert.Equal(1, batch.SinglePoint("g").Value);
    }

    [Fact]
    public void Stats_AfterFailedScrape_DoNotCarryItsSkippedSamples()
    {
        var translator = Translator();
        // The histogram without +Inf is flushed, and its samples skipped, before the error on line 6.
        Assert.Throws<ExpositionFormatException>(() => Translate("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\ng 1\n# TYPE g gauge\n", translator));

        var (_, stats) = Translate("g 1\n", translator);

        Assert.Equal(0, stats.SkippedSamples);
    }

    [Fact]
    public void Translate_FailedScrape_ForgetsThePointsItNeverDelivered()
    {
        var translator = Translator();
        Translate("a 1\n", translator);
        // b's family is complete, and so translated, before the error: but the batch is thrown away.
        Assert.Throws<ExpositionFormatException>(() => Translate("a 1\nb 2\nc 3\n# TYPE c gauge\n", translator));

        var builder = new MetricBatchBuilder([]);
        var markers = translator.MarkAllStale(builder, ScrapeTime);

        Assert.Equal(1, markers);
        Assert.Equal(["a"], builder.Build().Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Strings_OfRepeatedScrapes_AreReused()
    {
        var translator = Translator();
        const string Body = "# HELP g help text\n# TYPE g gauge\ng{mode=\"idle\"} 1\n";

        var (first, _) = Translate(Body, translator);
        var (second, _) = Translate(Body, translator);

        var firstAttribute = first.LabelsOf(first.SinglePoint("g"))[0];
        var secondAttribute = second.LabelsOf(second.SinglePoint("g"))[0];
        Assert.Same(firstAttribute.Key, secondAttribute.Key);
        Assert.Same(firstAttribute.Value, secondAttribute.Value);
        Assert.Same(first.Metrics[0].Name, second.Metrics[0].Name);
        Assert.Same(first.Metrics[0].Description, second.Metrics[0].Description);
    }

    [Fact]
    public void Strings_NotSeenInLastScrape_AreEvicted()
    {
        var translator = Translator();
        Translate("g{a=\"one\",b=\"two\"} 1\n", translator);
        var full = translator.CachedStringCount;

        Translate("g{a=\"one\"} 1\n", translator);

        Assert.Equal(full - 2, translator.CachedStringCount);
    }

    [Fact]
    public void Strings_BeyondCacheBound_AreStillTranslated()
    {
        var translator = new PrometheusToOtlpTranslator(Options, maxCachedStrings: 2);

        var (batch, _) = Translate("g{a=\"1\",b=\"2\",c=\"3\"} 1\n", translator);

        Assert.Equal([Label("a", "1"), Label("b", "2"), Label("c", "3")], batch.LabelsOf(batch.SinglePoint("g")));
        Assert.True(translator.CachedStringCount <= 6);
    }

    [Fact]
    public void Strings_SameBytesAsNameAndValue_ShareOneEntry()
    {
        var (batch, _) = Translate("g{mode=\"mode\"} 1\n");

        var attribute = batch.LabelsOf(batch.SinglePoint("g"))[0];
        Assert.Same(attribute.Key, attribute.Value);
    }
}
