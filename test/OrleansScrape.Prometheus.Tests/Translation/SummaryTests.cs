using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Summaries become OTLP summaries.</summary>
public sealed class SummaryTests
{
    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void Summary_BecomesSummaryWithSortedQuantilesCountAndSum(ExpositionFormat format)
    {
        var (batch, stats) = TranslateAs(format, """
            # HELP rpc_seconds RPC latency.
            # TYPE rpc_seconds summary
            rpc_seconds{service="a",quantile="0.99"} 0.9
            rpc_seconds{service="a",quantile="0.5"} 0.2
            rpc_seconds{service="a",quantile="0.9"} 0.7
            rpc_seconds_sum{service="a"} 42.5
            rpc_seconds_count{service="a"} 100
            """);

        var metric = Assert.Single(batch.Metrics);
        Assert.Equal(("rpc_seconds", MetricType.Summary, "RPC latency."), (metric.Name, metric.Type, metric.Description));
        var point = batch.SingleSummaryPoint("rpc_seconds");
        Assert.Equal([new QuantileValue(0.5, 0.2), new QuantileValue(0.9, 0.7), new QuantileValue(0.99, 0.9)], batch.QuantilesOf(point).ToArray());
        Assert.Equal((100UL, 42.5), (point.Count, point.Sum));
        Assert.Equal([Label("service", "a")], batch.LabelsOf(point));
        Assert.Equal((5, 1, 0), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Fact]
    public void Summary_WithoutQuantiles_StillHasCountAndSum()
    {
        var (batch, _) = Translate("# TYPE s summary\ns_sum 3\ns_count 2\n");

        var point = batch.SingleSummaryPoint("s");
        Assert.Equal((2UL, 3.0, 0), (point.Count, point.Sum, point.QuantileCount));
    }

    [Fact]
    public void Summary_WithoutCount_IsDroppedAndItsSamplesSkipped()
    {
        var (batch, stats) = Translate("# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 3\n");

        Assert.Empty(batch.Metrics);
        Assert.Equal((2, 0, 2), (stats.SamplesScraped, stats.PointsAdded, stats.SkippedSamples));
    }

    [Fact]
    public void OpenMetricsSummary_Created_IsTheStartTime()
    {
        var (batch, _) = TranslateOpenMetrics("# TYPE s summary\ns_sum 3\ns_count 2\ns_created 1699990000\n");

        Assert.Equal(1_699_990_000_000_000_000, batch.SingleSummaryPoint("s").StartTimeUnixNano);
    }
}
