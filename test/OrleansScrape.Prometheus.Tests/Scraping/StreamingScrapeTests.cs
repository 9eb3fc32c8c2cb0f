using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Prometheus.Tests.Scraping;

/// <summary>Bodies are translated as they stream through the scraper's bounded buffer.</summary>
public sealed class StreamingScrapeTests : IAsyncLifetime
{
    private const int Families = 20;
    private const int SeriesPerFamily = 1000;
    private const int HistogramPoints = 500;
    private const string TextType = "text/plain; version=0.0.4; charset=utf-8";
    private const string OpenMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private readonly ScrapeHttpClients _clients = new();
    private Exporter _exporter = null!;

    public async Task InitializeAsync() => _exporter = await Exporter.StartAsync();

    public async Task DisposeAsync()
    {
        await _exporter.DisposeAsync();
        _clients.Dispose();
    }

    private static ScrapeConfig Job(long bodySizeLimit = 0) => new()
    {
        JobName = "app",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = TimeSpan.FromSeconds(30),
        BodySizeLimit = bodySizeLimit,
    };

    private ScrapeTarget Target() => new()
    {
        Job = "app",
        Instance = _exporter.Address,
        Scheme = "http",
        Address = _exporter.Address,
        MetricsPath = "/metrics",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = TimeSpan.FromSeconds(30),
        Labels = new Dictionary<string, string>(),
        Params = new Dictionary<string, string[]>(),
        ScrapeConfigName = "app",
    };

    private Task<ScrapeResult> ScrapeAsync(ScrapeConfig job, int bufferSize) =>
        new TargetScraper(_clients.For(job), job, new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), bufferSize)
            .ScrapeAsync(Target(), CancellationToken.None);

    /// <summary>About 1.3 MB: gauge families whose HELP and TYPE lie far behind most of their samples, and a histogram.</summary>
    private static string LargeBody(bool openMetrics)
    {
        var body = new StringBuilder();
        for (var f = 0; f < Families; f++)
        {
            body.Append($"# TYPE fam_{f} gauge\n# HELP fam_{f} Family {f}, whose samples run over many chunks.\n");
            for (var i = 0; i < SeriesPerFamily; i++)
            {
                body.Append($"fam_{f}{{series=\"s{i}\",pad=\"0123456789abcdef0123456789\"}} {i}\n");
            }
        }
        body.Append("# TYPE hist histogram\n");
        for (var p = 0; p < HistogramPoints; p++)
        {
            body.Append($"hist_bucket{{p=\"{p}\",le=\"1\"}} 1\nhist_bucket{{p=\"{p}\",le=\"+Inf\"}} 2\nhist_count{{p=\"{p}\"}} 2\nhist_sum{{p=\"{p}\"}} 1.5\n");
        }
        if (openMetrics)
        {
            body.Append("# EOF\n");
        }
        return body.ToString();
    }

    [Theory]
    [InlineData(false, TargetScraper.DefaultBufferSize)]
    [InlineData(true, TargetScraper.DefaultBufferSize)]
    [InlineData(false, 4096)]
    [InlineData(true, 4096)]
    public async Task ABodySeveralTimesLargerThanTheBuffer_IsTranslatedCompletely(bool openMetrics, int bufferSize)
    {
        var body = LargeBody(openMetrics);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 16 * bufferSize);
        _exporter.Answer(body, openMetrics ? OpenMetricsType : TextType);

        var result = await ScrapeAsync(Job(), bufferSize);

        Assert.Null(result.Error);
        Assert.Equal(Families * SeriesPerFamily + HistogramPoints * 4, result.SamplesScraped);
        var batch = result.Batch;
        for (var f = 0; f < Families; f++)
        {
            var metric = Assert.Single(batch.Metrics, m => m.Name == $"fam_{f}");
            Assert.Equal((MetricType.Gauge, $"Family {f}, whose samples run over many chunks."), (metric.Type, metric.Description));
            var points = batch.PointsOf(metric).ToArray();
            Assert.Equal(SeriesPerFamily, points.Length);
            Assert.Equal(SeriesPerFamily * (SeriesPerFamily - 1) / 2.0, points.Sum(p => p.Value));
            Assert.Equal(SeriesPerFamily, points.Select(p => batch.AttributesOf(p).ToArray().Single(a => a.Key == "series").Value).Distinct().Count());
        }
        var histogram = Assert.Single(batch.Metrics, m => m.Name == "hist");
        var histogramPoints = batch.HistogramPointsOf(histogram).ToArray();
        Assert.Equal(HistogramPoints, histogramPoints.Length);
        Assert.All(histogramPoints, p => Assert.Equal([1UL, 1UL], batch.BucketCountsOf(p).ToArray()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ALineLongerThanTheBuffer_IsTranslated(bool openMetrics)
    {
        var big = new string('x', 10_000);
        var body = $"# TYPE a gauge\na{{big=\"{big}\"}} 1\n# TYPE b gauge\nb 2\n" + (openMetrics ? "# EOF\n" : "");
        _exporter.Answer(body, openMetrics ? OpenMetricsType : TextType);

        var result = await ScrapeAsync(Job(), bufferSize: 1024);

        Assert.Null(result.Error);
        var a = Assert.Single(result.Batch.Metrics, m => m.Name == "a");
        var point = Assert.Single(result.Batch.PointsOf(a).ToArray());
        Assert.Equal(big, result.Batch.AttributesOf(point).ToArray().Single(l => l.Key == "big").Value);
        var b = Assert.Single(result.Batch.Metrics, m => m.Name == "b");
        Assert.Equal(2, Assert.Single(result.Batch.PointsOf(b).ToArray()).Value);
    }

    [Fact]
    public async Task BodySizeLimit_CountsEveryByteOfAStreamedBody_AndNothingOfItIsDelivered()
    {
        var body = LargeBody(openMetrics: false);
        // No Content-Length: the limit is found only while the body streams, after chunks were translated.
        _exporter.Answer(async context =>
        {
            context.Response.ContentType = TextType;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
        });

        var result = await ScrapeAsync(Job(bodySizeLimit: 200_000), bufferSize: 4096);

        Assert.StartsWith("body size limit exceeded", result.Error);
        Assert.DoesNotContain(result.Batch.Metrics, m => m.Name.StartsWith("fam_", StringComparison.Ordinal));
        Assert.Equal(0, result.SamplesScraped);
    }

    [Fact]
    public async Task AFailedStreamedScrape_IsFollowedByAGoodOne()
    {
        var job = Job(bodySizeLimit: 200_000);
        var scraper = new TargetScraper(_clients.For(job), job, new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), 4096);
        _exporter.Answer(LargeBody(openMetrics: false), TextType);
        var failed = await scraper.ScrapeAsync(Target(), CancellationToken.None);
        Assert.NotNull(failed.Error);

        _exporter.Answer("# TYPE a gauge\na 1\n", TextType);
        var good = await scraper.ScrapeAsync(Target(), CancellationToken.None);

        Assert.Null(good.Error);
        // The failed scrape's series were never delivered: no staleness markers for them now.
        Assert.DoesNotContain(good.Batch.Metrics, m => m.Name.StartsWith("fam_", StringComparison.Ordinal));
        Assert.Contains(good.Batch.Metrics, m => m.Name == "a");
    }
}
