using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>How each Prometheus and OpenMetrics type becomes an OTLP metric, as the Collector's receiver translates it.</summary>
public sealed class TypeTranslationTests
{
    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void Counter_BecomesCumulativeMonotonicSum_KeepingTotalSuffix(ExpositionFormat format)
    {
        var (batch, _) = TranslateAs(format, "# TYPE http_requests counter\nhttp_requests_total{code=\"200\"} 1027\n");

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal("http_requests_total", metric.Name);
        Assert.Equal(MetricType.Sum, metric.Type);
        Assert.Equal(AggregationTemporality.Cumulative, metric.Temporality);
        Assert.True(metric.IsMonotonic);
        var point = batch.SinglePoint("http_requests_total");
        Assert.Equal(1027, point.Value);
        Assert.Equal(0, point.StartTimeUnixNano);
        Assert.Equal(DataPointFlags.None, point.Flags);
    }

    [Fact]
    public void Counter_TextFamilyNamedWithTotal_KeepsItsName()
    {
        var (batch, _) = Translate("# TYPE jobs_total counter\njobs_total 5\n");

        Assert.Equal(MetricType.Sum, batch.Metric("jobs_total").Type);
    }

    [Fact]
    public void OpenMetricsCounter_Created_IsTheStartTimeOfItsTotal()
    {
        var (batch, stats) = TranslateOpenMetrics("""
            # TYPE c counter
            c_total{a="1"} 5
            c_created{a="1"} 1699999000.5
            c_total{a="2"} 6
            c_created{a="2"} 1699999001
            """);

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal("c_total", metric.Name);
        var points = batch.PointsNamed("c_total");
        Assert.Equal([1_699_999_000_500_000_000, 1_699_999_001_000_000_000], points.Select(p => p.StartTimeUnixNano));
        Assert.Equal([5.0, 6.0], points.Select(p => p.Value));
        Assert.Equal((4, 2, 0), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void Gauge_BecomesGauge(ExpositionFormat format)
    {
        var (batch, _) = TranslateAs(format, "# TYPE temperature gauge\ntemperature -3.5\n");

        var metric = batch.Metric("temperature");
        Assert.Equal(MetricType.Gauge, metric.Type);
        Assert.Equal(AggregationTemporality.Unspecified, metric.Temporality);
        Assert.False(metric.IsMonotonic);
        Assert.Equal(-3.5, batch.SinglePoint("temperature").Value);
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, "# TYPE thing untyped\nthing 7\nbare 1\n")]
    [InlineData(ExpositionFormat.OpenMetrics100, "# TYPE thing unknown\nthing 7\nbare 1\n")]
    public void UntypedUnknownAndUndeclared_BecomeGauge(ExpositionFormat format, string body)
    {
        var (batch, _) = TranslateAs(format, body);

        Assert.Equal([("thing", MetricType.Gauge), ("bare", MetricType.Gauge)], batch.Metrics.Select(m => (m.Name, m.Type)));
        Assert.Equal(7, batch.SinglePoint("thing").Value);
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void Help_BecomesDescription(ExpositionFormat format)
    {
        var (batch, _) = TranslateAs(format, "# HELP g Bytes \\\\ per\\nsecond.\n# TYPE g gauge\ng 1\n");

        Assert.Equal("Bytes \\ per\nsecond.", batch.Metric("g").Description);
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, "say \\\"hi\\\"")]
    [InlineData(ExpositionFormat.OpenMetrics100, "say \"hi\"")]
    public void Help_EscapedQuote_IsUnescapedOnlyInOpenMetrics(ExpositionFormat format, string description)
    {
        var (batch, _) = TranslateAs(format, "# HELP g say \\\"hi\\\"\n# TYPE g gauge\ng 1\n");

        Assert.Equal(description, batch.Metric("g").Description);
    }

    [Theory]
    [InlineData("seconds", "s")]
    [InlineData("bytes", "By")]
    [InlineData("bytes_per_second", "By/s")]
    [InlineData("widgets", "widgets")]
    public void OpenMetricsUnit_BecomesTheUcumUnit(string unit, string ucum)
    {
        var name = "io_" + unit;
        var (batch, _) = TranslateOpenMetrics($"# TYPE {name} gauge\n# UNIT {name} {unit}\n{name} 1\n");

        Assert.Equal(ucum, batch.Metric(name).Unit);
    }

    [Fact]
    public void OpenMetricsInfo_BecomesNonMonotonicCumulativeSumNamedAfterItsFamily()
    {
        var (batch, _) = TranslateOpenMetrics("# TYPE build info\nbuild_info{version=\"1.2\"} 1\n");

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(("build", MetricType.Sum, AggregationTemporality.Cumulative, false), (metric.Name, metric.Type, metric.Temporality, metric.IsMonotonic));
        var point = batch.SinglePoint("build");
        Assert.Equal(1, point.Value);
        Assert.Equal([Label("version", "1.2")], batch.LabelsOf(point));
    }

    [Fact]
    public void OpenMetricsStateSet_BecomesNonMonotonicCumulativeSum()
    {
        var (batch, _) = TranslateOpenMetrics("# TYPE door stateset\ndoor{door=\"open\"} 1\ndoor{door=\"closed\"} 0\n");

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(("door", MetricType.Sum, AggregationTemporality.Cumulative, false), (metric.Name, metric.Type, metric.Temporality, metric.IsMonotonic));
        Assert.Equal(
            [([Label("door", "open")], 1.0), ([Label("door", "closed")], 0.0)],
            batch.PointsNamed("door").Select(p => (batch.LabelsOf(p), p.Value)));
    }

    [Fact]
    public void OpenMetricsGaugeHistogram_IsDroppedAndCountedAsSkipped()
    {
        var (batch, stats) = TranslateOpenMetrics("""
            # TYPE queue gaugehistogram
            queue_bucket{le="1"} 1
            queue_bucket{le="+Inf"} 2
            queue_gcount 2
            queue_gsum 3
            # TYPE g gauge
            g 1
            """);

        Assert.Equal(["g"], batch.Metrics.Select(m => m.Name));
        Assert.Equal((5, 5, 1, 4), (stats.SamplesScraped, stats.SamplesPostRelabeling, stats.PointsAdded, stats.SkippedSamples));
    }
}
