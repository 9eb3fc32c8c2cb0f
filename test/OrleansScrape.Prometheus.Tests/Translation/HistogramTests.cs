using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Histograms become OTLP explicit-bucket histograms.</summary>
public sealed class HistogramTests
{
    private const string Latency = """
        # HELP latency_seconds Request latency.
        # TYPE latency_seconds histogram
        latency_seconds_bucket{path="/a",le="0.1"} 3
        latency_seconds_bucket{path="/a",le="0.5"} 7
        latency_seconds_bucket{path="/a",le="1"} 9
        latency_seconds_bucket{path="/a",le="+Inf"} 10
        latency_seconds_sum{path="/a"} 4.25
        latency_seconds_count{path="/a"} 10
        """;

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void Histogram_BecomesCumulativeHistogramWithDecumulatedBuckets(ExpositionFormat format)
    {
        var (batch, stats) = TranslateAs(format, Latency);

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(("latency_seconds", MetricType.Histogram, AggregationTemporality.Cumulative), (metric.Name, metric.Type, metric.Temporality));
        Assert.Equal("Request latency.", metric.Description);
        var point = batch.SingleHistogramPoint("latency_seconds");
        Assert.Equal([0.1, 0.5, 1], batch.BoundsOf(point).ToArray());
        Assert.Equal([3UL, 4, 2, 1], batch.BucketCountsOf(point).ToArray());
        Assert.Equal(10UL, point.Count);
        Assert.True(point.HasSum);
        Assert.Equal(4.25, point.Sum);
        Assert.Equal([Label("path", "/a")], batch.LabelsOf(point));
        Assert.Equal((6, 1, 0), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Fact]
    public void Histogram_BucketsOutOfOrder_AreSortedByLe()
    {
        var (batch, _) = Translate("""
            # TYPE h histogram
            h_bucket{le="+Inf"} 10
            h_bucket{le="1"} 9
            h_bucket{le="0.1"} 3
            h_bucket{le="0.5"} 7
            h_sum 4
            h_count 10
            """);

        var point = batch.SingleHistogramPoint("h");
        Assert.Equal([0.1, 0.5, 1], batch.BoundsOf(point).ToArray());
        Assert.Equal([3UL, 4, 2, 1], batch.BucketCountsOf(point).ToArray());
    }

    [Fact]
    public void Histogram_WithoutInfBucket_IsDroppedAndItsSamplesSkipped()
    {
        var (batch, stats) = Translate("""
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="2"} 2
            h_sum 3
            h_count 2
            # TYPE g gauge
            g 1
            """);

        Assert.Equal(["g"], batch.Metrics.Select(m => m.Name));
        Assert.Equal((5, 1, 4), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Fact]
    public void Histogram_WithoutCount_IsDroppedAndItsSamplesSkipped()
    {
        var (batch, stats) = Translate("""
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 2
            h_sum 3
            """);

        Assert.Empty(batch.Metrics);
        Assert.Equal((3, 0, 3), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Fact]
    public void Histogram_CountComesFromCount_AndTheTopBucketHoldsTheRest()
    {
        // A text body may disagree with itself (OpenMetrics forbids it): _count wins over the +Inf bucket.
        var (batch, _) = Translate("# TYPE h histogram\nh_bucket{le=\"1\"} 4\nh_bucket{le=\"+Inf\"} 10\nh_sum 17.5\nh_count 12\n");

        var point = batch.SingleHistogramPoint("h");
        Assert.Equal(12UL, point.Count);
        Assert.Equal([4UL, 8], batch.BucketCountsOf(point).ToArray());
        Assert.Equal(17.5, point.Sum);
    }

    [Fact]
    public void Histogram_WithoutSum_HasNoSum()
    {
        var (batch, _) = Translate("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n");

        var point = batch.SingleHistogramPoint("h");
        Assert.False(point.HasSum);
        Assert.Equal([2UL], batch.BucketCountsOf(point).ToArray());
        Assert.Empty(batch.BoundsOf(point).ToArray());
    }

    [Fact]
    public void Histogram_SeveralLabelSets_AreSeveralPointsOfOneMetric()
    {
        var (batch, _) = Translate(Latency + "\n" + """
            latency_seconds_bucket{path="/b",le="1"} 1
            latency_seconds_bucket{path="/b",le="+Inf"} 1
            latency_seconds_sum{path="/b"} 0.5
            latency_seconds_count{path="/b"} 1
            """);

        var points = batch.HistogramPointsOf(batch.Metric("latency_seconds")).ToArray();
        Assert.Equal(["/a", "/b"], points.Select(p => batch.LabelsOf(p).Single().Value));
        Assert.Equal([10UL, 1], points.Select(p => p.Count));
    }

    [Fact]
    public void OpenMetricsHistogram_Created_IsTheStartTime()
    {
        var (batch, _) = TranslateOpenMetrics("""
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 2
            h_sum 3
            h_count 2
            h_created 1699990000.25
            """);

        Assert.Equal(1_699_990_000_250_000_000, batch.SingleHistogramPoint("h").StartTimeUnixNano);
    }

    [Fact]
    public void OpenMetricsHistogram_BucketExemplars_BecomePointExemplars()
    {
        var (batch, _) = TranslateOpenMetrics("""
            # TYPE h histogram
            h_bucket{le="1"} 1 # {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"} 0.5 1699999999.5
            h_bucket{le="+Inf"} 2 # {user="x"} 3
            h_sum 3.5
            h_count 2
            """);

        var point = batch.SingleHistogramPoint("h");
        var exemplars = batch.ExemplarsOf(point).ToArray();
        Assert.Equal(2, exemplars.Length);
        Assert.Equal(UInt128.Parse("0af7651916cd43dd8448eb211c80319c", System.Globalization.NumberStyles.HexNumber), exemplars[0].TraceId);
        Assert.Equal(0xb7ad6b7169203331UL, exemplars[0].SpanId);
        Assert.Equal((0.5, 1_699_999_999_500_000_000), (exemplars[0].Value, exemplars[0].TimeUnixNano));
        Assert.Empty(batch.LabelsOf(exemplars[0]));
        Assert.Equal((3.0, ScrapeTime), (exemplars[1].Value, exemplars[1].TimeUnixNano));
        Assert.Equal([Label("user", "x")], batch.LabelsOf(exemplars[1]));
    }
}
