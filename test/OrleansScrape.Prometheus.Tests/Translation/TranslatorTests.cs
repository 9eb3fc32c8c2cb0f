using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class TranslatorTests
{
    private static KeyValuePair<string, string> Label(string name, string value) => new(name, value);

    [Fact]
    public void Counter_BecomesMonotonicCumulativeSum_KeepingTotalSuffix()
    {
        var (batch, _) = Translate("# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1027\n");

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal("http_requests_total", metric.Name);
        Assert.Equal(MetricType.Sum, metric.Type);
        Assert.Equal(AggregationTemporality.Cumulative, metric.Temporality);
        Assert.True(metric.IsMonotonic);
        Assert.Equal(1027, batch.SinglePoint("http_requests_total").Value);
    }

    [Fact]
    public void Counter_DeclaredWithoutTotalSuffix_IsNamedAfterItsFamily()
    {
        var (batch, _) = Translate("# TYPE requests counter\nrequests_total 5\n");

        Assert.Equal(MetricType.Sum, batch.Metric("requests").Type);
    }

    [Fact]
    public void Gauge_BecomesGauge()
    {
        var (batch, _) = Translate("# TYPE temperature gauge\ntemperature -3.5\n");

        var metric = batch.Metric("temperature");
        Assert.Equal(MetricType.Gauge, metric.Type);
        Assert.Equal(AggregationTemporality.Unspecified, metric.Temporality);
        Assert.False(metric.IsMonotonic);
        Assert.Equal(-3.5, batch.SinglePoint("temperature").Value);
    }

    [Fact]
    public void Untyped_BecomesGauge()
    {
        var (batch, _) = Translate("# TYPE thing untyped\nthing 7\n");

        Assert.Equal(MetricType.Gauge, batch.Metric("thing").Type);
    }

    [Fact]
    public void SeriesWithoutType_BecomesGaugePerDistinctName()
    {
        var (batch, _) = Translate("a 1\na{x=\"1\"} 2\nb 3\n");

        Assert.Equal(["a", "b"], batch.Metrics.Select(m => m.Name));
        Assert.All(batch.Metrics, m => Assert.Equal(MetricType.Gauge, m.Type));
        Assert.Equal(2, batch.Metric("a").PointCount);
    }

    [Fact]
    public void Help_BecomesDescription()
    {
        var (batch, _) = Translate("# HELP g Bytes \\\\ per\\nsecond.\n# TYPE g gauge\ng 1\n");

        Assert.Equal("Bytes \\ per\nsecond.", batch.Metric("g").Description);
    }

    [Fact]
    public void Metric_WithoutHelp_HasEmptyDescriptionAndUnit()
    {
        var (batch, _) = Translate("# TYPE g gauge\ng 1\n");

        Assert.Equal(string.Empty, batch.Metric("g").Description);
        Assert.Equal(string.Empty, batch.Metric("g").Unit);
    }

    [Fact]
    public void Metric_UsesTheGivenScope()
    {
        var builder = new MetricBatchBuilder([]);
        builder.AddScope(new InstrumentationScope("other", "1"));
        var scope = builder.AddScope(Scope);

        new PrometheusToOtlpTranslator().Translate("g 1\n"u8, ScrapeTime, true, builder, scope);

        Assert.Equal(1, Assert.Single(builder.Build().Metrics).ScopeIndex);
    }

    [Fact]
    public void Labels_BecomePointAttributesInOrder()
    {
        var (batch, _) = Translate("g{b=\"2\",a=\"1\"} 1\n");

        Assert.Equal([Label("b", "2"), Label("a", "1")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Labels_JobInstanceAndName_AreDropped()
    {
        var (batch, _) = Translate("g{__name__=\"g\",job=\"x\",instance=\"y:1\",mode=\"idle\"} 1\n");

        Assert.Equal([Label("mode", "idle")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Labels_WithEmptyValues_AreDropped()
    {
        var (batch, _) = Translate("g{a=\"\",b=\"2\",c=\"\"} 1\n");

        Assert.Equal([Label("b", "2")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Labels_EscapedValues_AreUnescaped()
    {
        var (batch, _) = Translate("g{path=\"C:\\\\x\",q=\"\\\"a\\\"\",n=\"1\\n2\"} 1\n");

        Assert.Equal([Label("path", "C:\\x"), Label("q", "\"a\""), Label("n", "1\n2")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Labels_ManyLabels_AreAllKept()
    {
        var labels = string.Join(',', Enumerable.Range(0, 40).Select(i => $"l{i}=\"v{i}\""));

        var (batch, _) = Translate($"g{{{labels}}} 1\n");

        Assert.Equal(40, batch.LabelsOf(batch.SinglePoint("g")).Length);
    }

    [Fact]
    public void Timestamp_WhenHonored_IsTheSampleTime()
    {
        var (batch, _) = Translate("g 1 1700000000123\n", honorTimestamps: true);

        Assert.Equal(1_700_000_000_123_000_000, batch.SinglePoint("g").TimeUnixNano);
    }

    [Fact]
    public void Timestamp_WhenNotHonored_IsTheScrapeTime()
    {
        var (batch, _) = Translate("g 1 1700000000123\n", honorTimestamps: false);

        Assert.Equal(ScrapeTime, batch.SinglePoint("g").TimeUnixNano);
    }

    [Fact]
    public void Timestamp_Absent_IsTheScrapeTime()
    {
        var (batch, _) = Translate("g 1\n");

        Assert.Equal(ScrapeTime, batch.SinglePoint("g").TimeUnixNano);
    }

    [Fact]
    public void Timestamp_BeyondNanosecondRange_IsRejectedWhenHonored()
    {
        var error = Assert.Throws<ExpositionFormatException>(() => Translate("g 1\ng 2 9300000000000000\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Point_HasNoStartTimeAndNoFlags()
    {
        var (batch, _) = Translate("# TYPE c counter\nc 1\n");

        var point = batch.SinglePoint("c");
        Assert.Equal(0, point.StartTimeUnixNano);
        Assert.Equal(DataPointFlags.None, point.Flags);
    }

    [Fact]
    public void SpecialValues_AreCarriedAsIs()
    {
        var (batch, _) = Translate("g{a=\"1\"} NaN\ng{a=\"2\"} +Inf\ng{a=\"3\"} -Inf\n");

        var values = batch.PointsOf(batch.Metric("g")).ToArray().Select(p => p.Value).ToArray();
        Assert.True(double.IsNaN(values[0]));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity], values[1..]);
    }

    [Fact]
    public void Histogram_SamplesAreSkippedAndCounted()
    {
        var (batch, stats) = Translate("""
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 2
            h_sum 3
            h_count 2
            # TYPE g gauge
            g 1
            """);

        Assert.Equal(["g"], batch.Metrics.Select(m => m.Name));
        Assert.Equal(new TranslationStats(SamplesScraped: 5, PointsAdded: 1, SkippedSamples: 4), stats);
    }

    [Fact]
    public void Summary_SamplesAreSkippedAndCounted()
    {
        var (batch, stats) = Translate("""
            # TYPE s summary
            s{quantile="0.5"} 1
            s{quantile="0.9"} 2
            s_sum 3
            s_count 2
            """);

        Assert.Empty(batch.Metrics);
        Assert.Equal(new TranslationStats(4, 0, 4), stats);
    }

    [Fact]
    public void Stats_CountEverySampleLineAndOnlySampleLines()
    {
        var (_, stats) = Translate("# HELP a x\n# TYPE a gauge\n# comment\n\na 1\na{x=\"1\"} 2\nb 3\n");

        Assert.Equal(new TranslationStats(3, 3, 0), stats);
    }

    [Fact]
    public void Family_ResumedAfterAnotherFamily_KeepsItsType()
    {
        var (batch, _) = Translate("# TYPE a counter\na 1\n# TYPE b gauge\nb 2\na{x=\"1\"} 3\n");

        Assert.Equal(["a", "b", "a"], batch.Metrics.Select(m => m.Name));
        Assert.All(batch.Metrics.Where(m => m.Name == "a"), m => Assert.Equal(MetricType.Sum, m.Type));
    }

    [Fact]
    public void FormatError_PropagatesWithLineNumber()
    {
        var error = Assert.Throws<ExpositionFormatException>(() => Translate("g 1\n# TYPE g counter\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Strings_OfRepeatedScrapes_AreReused()
    {
        var translator = new PrometheusToOtlpTranslator();
        const string Body = "# HELP g help text\n# TYPE g gauge\ng{mode=\"idle\"} 1\n";

        var (first, _) = Translate(Body, translator: translator);
        var (second, _) = Translate(Body, translator: translator);

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
        var translator = new PrometheusToOtlpTranslator();
        Translate("g{a=\"one\",b=\"two\"} 1\n", translator: translator);
        var full = translator.CachedStringCount;

        Translate("g{a=\"one\"} 1\n", translator: translator);

        Assert.Equal(full - 2, translator.CachedStringCount);
    }

    [Fact]
    public void Strings_BeyondCacheBound_AreStillTranslated()
    {
        var translator = new PrometheusToOtlpTranslator(maxCachedStrings: 2);

        var (batch, _) = Translate("g{a=\"1\",b=\"2\",c=\"3\"} 1\n", translator: translator);

        Assert.Equal([Label("a", "1"), Label("b", "2"), Label("c", "3")], batch.LabelsOf(batch.SinglePoint("g")));
        Assert.True(translator.CachedStringCount <= 4);
    }

    [Fact]
    public void Strings_SameBytesAsNameAndValue_ShareOneEntry()
    {
        var translator = new PrometheusToOtlpTranslator();

        var (batch, _) = Translate("g{mode=\"mode\"} 1\n", translator: translator);

        var attribute = batch.LabelsOf(batch.SinglePoint("g"))[0];
        Assert.Same(attribute.Key, attribute.Value);
    }

    [Fact]
    public void Translate_AfterFailedScrape_StillWorks()
    {
        var translator = new PrometheusToOtlpTranslator();
        Assert.Throws<ExpositionFormatException>(() => Translate("# TYPE g gauge\ng 1\n# TYPE g gauge\n", translator: translator));

        var (batch, stats) = Translate("# TYPE g gauge\ng 1\n", translator: translator);

        Assert.Equal(1, stats.PointsAdded);
        Assert.Equal(1, batch.SinglePoint("g").Value);
    }

    [Fact]
    public void Translate_Utf8Labels_AreDecoded()
    {
        var (batch, _) = Translate("g{city=\"Zürich\"} 1\n");

        Assert.Equal([Label("city", "Zürich")], batch.LabelsOf(batch.SinglePoint("g")));
    }
}
