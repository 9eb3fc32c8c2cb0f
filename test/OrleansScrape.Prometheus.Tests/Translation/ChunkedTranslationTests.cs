using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Exposition.ChunkedParsing;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>A body translated chunk by chunk (Begin, Feed, End) builds the batch the whole body builds.</summary>
public sealed class ChunkedTranslationTests
{
    private const string OpenMetricsBody = """
        # TYPE target info
        target_info{env="prod",region="eu"} 1
        # TYPE requests counter
        # HELP requests Requests served.
        requests_total{method="get",otel_scope_name="lib",otel_scope_version="1.0"} 1027 # {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"} 1 1700000000.25
        requests_created{method="get",otel_scope_name="lib",otel_scope_version="1.0"} 1699990000
        requests_total{method="post"} 3
        # TYPE queue_length_bytes gauge
        # UNIT queue_length_bytes bytes
        # HELP queue_length_bytes Bytes queued.
        queue_length_bytes{queue="a"} 12
        queue_length_bytes{queue="b"} 0.5
        # TYPE latency_seconds histogram
        # UNIT latency_seconds seconds
        # HELP latency_seconds Request latency.
        latency_seconds_bucket{path="/a",le="0.1"} 5 # {span_id="b7ad6b7169203331"} 0.05
        latency_seconds_bucket{path="/a",le="1"} 8 # {trace_id="x"} 0.5 1700000000.125
        latency_seconds_bucket{path="/a",le="+Inf"} 9
        latency_seconds_count{path="/a"} 9
        latency_seconds_sum{path="/a"} 3.5
        latency_seconds_created{path="/a"} 1699990000
        latency_seconds_bucket{path="/b",le="0.1"} 1
        latency_seconds_bucket{path="/b",le="+Inf"} 2
        latency_seconds_count{path="/b"} 2
        latency_seconds_sum{path="/b"} 0.2
        # TYPE state stateset
        state{state="on"} 1
        state{state="off"} 0
        # TYPE build info
        build_info{version="1.2"} 1
        # TYPE rpc_seconds summary
        rpc_seconds{quantile="0.5"} 0.2
        rpc_seconds{quantile="0.99"} 0.9
        rpc_seconds_sum 10
        rpc_seconds_count 50
        other 1
        # EOF

        """;

    public static TheoryData<ExpositionFormat, string> Bodies => new()
    {
        { ExpositionFormat.TextPlain004, NodeExporterExposition.Body },
        { ExpositionFormat.OpenMetrics100, OpenMetricsBody },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TranslationOfABodySplitAtEveryLineBoundary_EqualsTranslationOfTheWholeBody(ExpositionFormat format, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var (expected, expectedStats) = Whole(body, format, new PrometheusToOtlpTranslator(TranslationRun.Options));
        Assert.NotEmpty(expected.Metrics);
        foreach (var at in LineBoundaries(body))
        {
            var (batch, stats) = Chunked(SplitAt(body, at), format, new PrometheusToOtlpTranslator(TranslationRun.Options));
            AssertSameBatch(expected, batch);
            Assert.Equal(expectedStats, stats);
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TranslationOfOneLineChunks_EqualsTranslationOfTheWholeBody_ColdAndWarm(ExpositionFormat format, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var whole = new PrometheusToOtlpTranslator(TranslationRun.Options);
        var chunked = new PrometheusToOtlpTranslator(TranslationRun.Options);
        for (var scrape = 0; scrape < 2; scrape++)
        {
            var (expected, expectedStats) = Whole(body, format, whole);
            var (batch, stats) = Chunked(OneLinePerChunk(body), format, chunked);
            AssertSameBatch(expected, batch);
            Assert.Equal(expectedStats, stats);
        }
    }

    [Fact]
    public void EndWithoutAFinalFeed_AppliesTheEndOfInputRules()
    {
        var translator = new PrometheusToOtlpTranslator(TranslationRun.Options);
        translator.Begin(ExpositionFormat.OpenMetrics100, TranslationRun.ScrapeTime, new MetricBatchBuilder([]), TranslationRun.Resource);
        translator.Feed("a 1\n"u8, final: false);
        var error = Assert.Throws<ExpositionFormatException>(() => translator.End());
        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void FeedAfterTheFinalChunk_Throws()
    {
        var translator = new PrometheusToOtlpTranslator(TranslationRun.Options);
        translator.Begin(ExpositionFormat.TextPlain004, TranslationRun.ScrapeTime, new MetricBatchBuilder([]), TranslationRun.Resource);
        translator.Feed("a 1\n"u8, final: true);
        Assert.Throws<InvalidOperationException>(() => translator.Feed("b 1\n"u8, final: true));
    }

    [Fact]
    public void AnAbortedTranslation_LeavesNoStaleMarkersForItsNewSeries()
    {
        var translator = new PrometheusToOtlpTranslator(TranslationRun.Options);
        TranslationRun.Translate("a 1\n", translator);

        translator.Begin(ExpositionFormat.TextPlain004, TranslationRun.ScrapeTime, new MetricBatchBuilder([]), TranslationRun.Resource);
        translator.Feed("a 2\nb 1\nc 1\n"u8, final: false);
        translator.Abort();

        var (batch, stats) = TranslationRun.Translate("a 3\n", translator);
        Assert.Equal(0, stats.StaleMarkers);
        Assert.Equal(3, batch.SinglePoint("a").Value);
    }

    private static (MetricBatch, TranslationStats) Whole(byte[] body, ExpositionFormat format, PrometheusToOtlpTranslator translator)
    {
        var builder = new MetricBatchBuilder([]);
        var stats = translator.Translate(body, format, TranslationRun.ScrapeTime, builder, TranslationRun.Resource);
        return (builder.Build(), stats);
    }

    /// <summary>Feeds each chunk from a copy that is overwritten right after, as a scrape's reused buffer is.</summary>
    private static (MetricBatch, TranslationStats) Chunked(byte[][] chunks, ExpositionFormat format, PrometheusToOtlpTranslator translator)
    {
        var builder = new MetricBatchBuilder([]);
        translator.Begin(format, TranslationRun.ScrapeTime, builder, TranslationRun.Resource);
        for (var i = 0; i < chunks.Length; i++)
        {
            var copy = chunks[i].ToArray();
            translator.Feed(copy, final: i == chunks.Length - 1);
            copy.AsSpan().Fill((byte)'?');
        }
        var stats = translator.End();
        return (builder.Build(), stats);
    }

    private static void AssertSameBatch(MetricBatch expected, MetricBatch actual)
    {
        Assert.Equal(expected.ResourceAttributes, actual.ResourceAttributes);
        Assert.Equal(expected.Scopes, actual.Scopes);
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.Points, actual.Points);
        Assert.Equal(expected.PointAttributes, actual.PointAttributes);
        Assert.Equal(expected.HistogramPoints, actual.HistogramPoints);
        Assert.Equal(expected.HistogramBounds, actual.HistogramBounds);
        Assert.Equal(expected.BucketCounts, actual.BucketCounts);
        Assert.Equal(expected.SummaryPoints, actual.SummaryPoints);
        Assert.Equal(expected.Quantiles, actual.Quantiles);
        Assert.Equal(expected.Exemplars, actual.Exemplars);
    }
}
