using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Relabeling;
using OrleansScrape.Prometheus.Scraping;
using OrleansScrape.Prometheus.Translation;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Tests.Scraping;

/// <summary>Scrapes of a real exporter on 127.0.0.1, as Prometheus's scrape loop does them.</summary>
public sealed class TargetScraperTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private const long NowUnixNano = 1_700_000_000_000_000_000;
    private static readonly string[] SyntheticNames =
        ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];

    private const string TwoSeries = "# TYPE a gauge\na 1\n# TYPE b counter\nb_total{x=\"1\"} 2\n";

    private readonly ScrapeHttpClients _clients = new();
    private Exporter _exporter = null!;

    public async Task InitializeAsync() => _exporter = await Exporter.StartAsync();

    public async Task DisposeAsync()
    {
        await _exporter.DisposeAsync();
        _clients.Dispose();
    }

    private static ScrapeConfig Job(Func<ScrapeConfig, ScrapeConfig>? change = null)
    {
        var job = new ScrapeConfig { JobName = "app", ScrapeInterval = TimeSpan.FromSeconds(15), ScrapeTimeout = TimeSpan.FromSeconds(10) };
        return change is null ? job : change(job);
    }

    private ScrapeTarget Target(TimeSpan? timeout = null, IReadOnlyDictionary<string, string[]>? parameters = null) => new()
    {
        Job = "app",
        Instance = _exporter.Address,
        Scheme = "http",
        Address = _exporter.Address,
        MetricsPath = "/metrics",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = timeout ?? TimeSpan.FromSeconds(10),
        Labels = new Dictionary<string, string> { ["zone"] = "eu-1" },
        Params = parameters ?? new Dictionary<string, string[]>(),
        ScrapeConfigName = "app",
    };

    private TargetScraper Scraper(ScrapeConfig? job = null, HttpClient? http = null)
    {
        job ??= Job();
        return new TargetScraper(http ?? _clients.For(job), job, new FixedClock(Now));
    }

    private Task<ScrapeResult> ScrapeAsync(TargetScraper? scraper = null) =>
        (scraper ?? Scraper()).ScrapeAsync(Target(), CancellationToken.None);

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    private void AnswerGzip(string body) =>
        _exporter.Answer(async context =>
        {
            var bytes = Gzip(body);
            context.Response.ContentType = "text/plain; version=0.0.4";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        });

    /// <summary>The point of a number metric with that name that has (or lacks) the NoRecordedValue flag.</summary>
    private static (MetricDescriptor Metric, NumberPoint Point)[] NumberPoints(MetricBatch batch) =>
        batch.Metrics.Where(m => m.Type is MetricType.Gauge or MetricType.Sum)
            .SelectMany(m => batch.PointsOf(m).ToArray().Select(p => (m, p))).ToArray();

    private static double Synthetic(MetricBatch batch, string name) =>
        NumberPoints(batch).Single(e => e.Metric.Name == name && e.Point.Flags == DataPointFlags.None).Point.Value;

    [Fact]
    public async Task AcceptHeader_IsBuiltFromTheJobsScrapeProtocols()
    {
        _exporter.Answer("a 1\n");
        var job = Job(j => j with { ScrapeProtocols = [ScrapeProtocols.PrometheusText004, ScrapeProtocols.OpenMetricsText100] });

        await ScrapeAsync(Scraper(job));

        Assert.Equal(
            "text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,*/*;q=0.4",
            _exporter.LastRequest.Headers.Accept.ToString());
    }

    [Fact]
    public async Task Request_CarriesTheScrapeTimeoutHeader()
    {
        _exporter.Answer("a 1\n");

        await Scraper().ScrapeAsync(Target(timeout: TimeSpan.FromSeconds(2.5)), CancellationToken.None);

        Assert.Equal("2.5", _exporter.LastRequest.Headers["X-Prometheus-Scrape-Timeout-Seconds"].ToString());
    }

    [Fact]
    public async Task OpenMetricsResponse_IsParsedWithTheOpenMetricsParser()
    {
        // An info family exists only in OpenMetrics: the text parser would refuse its TYPE line.
        _exporter.Answer("# TYPE build info\nbuild_info{version=\"1.2\"} 1\n# EOF\n", "application/openmetrics-text; version=1.0.0; charset=utf-8");

        var result = await ScrapeAsync();

        Assert.Null(result.Error);
        var build = Assert.Single(result.Batch.Metrics, m => m.Name == "build");
        Assert.Equal((MetricType.Sum, false), (build.Type, build.IsMonotonic));
    }

    [Fact]
    public async Task TextResponse_IsParsedWithTheTextParser()
    {
        // A comment line and no # EOF: valid text 0.0.4, invalid OpenMetrics.
        _exporter.Answer("# scraped from a textfile\n# TYPE a gauge\na 1\n", "text/plain; version=0.0.4; charset=utf-8");

        var result = await ScrapeAsync();

        Assert.Null(result.Error);
        Assert.Contains(result.Batch.Metrics, m => m.Name == "a");
    }

    [Fact]
    public async Task GzipResponse_IsDecompressed()
    {
        AnswerGzip(TwoSeries);

        var result = await ScrapeAsync();

        Assert.Null(result.Error);
        Assert.Contains("gzip", _exporter.LastRequest.Headers.AcceptEncoding.ToString());
        Assert.Equal(2, result.SamplesScraped);
    }

    [Fact]
    public async Task GzipResponse_ThroughAClientThatDoesNotDecompress_IsDecompressed()
    {
        AnswerGzip(TwoSeries);
        using var plain = new HttpClient();

        var result = await ScrapeAsync(Scraper(http: plain));

        Assert.Null(result.Error);
        Assert.Equal(2, result.SamplesScraped);
    }

    [Fact]
    public async Task BodySizeLimit_Exceeded_FailsTheScrape()
    {
        _exporter.Answer(string.Concat(Enumerable.Range(0, 100).Select(i => $"g{{i=\"{i}\"}} 1\n")));

        var result = await ScrapeAsync(Scraper(Job(j => j with { BodySizeLimit = 512 })));

        Assert.False(result.Up);
        Assert.StartsWith("body size limit exceeded", result.Error);
        Assert.Equal(0, Synthetic(result.Batch, "up"));
    }

    [Fact]
    public async Task BodySizeLimit_AppliesToTheDecompressedBody()
    {
        var body = string.Concat(Enumerable.Range(0, 1000).Select(i => $"g{{i=\"{i}\"}} 1\n"));
        AnswerGzip(body);
        Assert.True(Gzip(body).Length < 8192);

        var result = await ScrapeAsync(Scraper(Job(j => j with { BodySizeLimit = 8192 })));

        Assert.StartsWith("body size limit exceeded", result.Error);
    }

    [Fact]
    public async Task ScrapeTimeout_FailsWithContextDeadlineExceeded()
    {
        _exporter.Answer(async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));

        var result = await Scraper().ScrapeAsync(Target(timeout: TimeSpan.FromMilliseconds(300)), CancellationToken.None);

        Assert.False(result.Up);
        Assert.StartsWith("context deadline exceeded", result.Error);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), $"took {result.Duration}");
        Assert.Equal(0, Synthetic(result.Batch, "up"));
    }

    [Fact]
    public async Task Http500_FailsWithPrometheusMessage()
    {
        _exporter.Answer(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("a 1\n");
        });

        var result = await ScrapeAsync();

        Assert.Equal("server returned HTTP status 500 Internal Server Error", result.Error);
        Assert.Equal(0, Synthetic(result.Batch, "up"));
        Assert.Equal(0, result.SamplesScraped);
    }

    [Fact]
    public async Task MalformedBody_FailsWithTheLineNumber()
    {
        _exporter.Answer("a 1\nb{x=\"1\" 2\nc 3\n");

        var result = await ScrapeAsync();

        Assert.False(result.Up);
        Assert.StartsWith("line 2: ", result.Error);
        // Nothing of the body is forwarded.
        Assert.DoesNotContain(result.Batch.Metrics, m => m.Name is "a" or "c");
    }

    [Fact]
    public async Task FailedScrapeAfterGoodOne_CarriesStaleMarkersForTheGoodOnesSeries()
    {
        var scraper = Scraper();
        _exporter.Answer(TwoSeries);
        await ScrapeAsync(scraper);
        _exporter.Answer(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });

        var result = await ScrapeAsync(scraper);

        var stale = NumberPoints(result.Batch).Where(e => e.Point.Flags == DataPointFlags.NoRecordedValue).ToArray();
        Assert.Equal(["a", "b_total"], stale.Select(e => e.Metric.Name).Order());
        Assert.All(stale, e => Assert.Equal(NowUnixNano, e.Point.TimeUnixNano));
        Assert.Equal(0, Synthetic(result.Batch, "up"));
    }

    [Fact]
    public async Task SyntheticSeries_ArePresentWithTheTargetsLabels()
    {
        _exporter.Answer(TwoSeries + "c 3\n");
        var job = Job(j => j with
        {
            MetricRelabelConfigs = [new RelabelConfig { SourceLabels = ["__name__"], Regex = RelabelRegex.Parse("c"), Action = RelabelAction.Drop }],
        });

        var result = await ScrapeAsync(Scraper(job));

        var synthetic = NumberPoints(result.Batch).Where(e => SyntheticNames.Contains(e.Metric.Name)).ToArray();
        Assert.Equal(SyntheticNames, synthetic.Select(e => e.Metric.Name));
        Assert.All(synthetic, e => Assert.Equal(MetricType.Gauge, e.Metric.Type));
        Assert.All(synthetic, e => Assert.Equal([new Attribute("zone", "eu-1")], result.Batch.AttributesOf(e.Point).ToArray()));
        Assert.All(synthetic, e => Assert.Equal(NowUnixNano, e.Point.TimeUnixNano));
        Assert.Equal(1, Synthetic(result.Batch, "up"));
        Assert.True(Synthetic(result.Batch, "scrape_duration_seconds") > 0);
        Assert.Equal(3, Synthetic(result.Batch, "scrape_samples_scraped"));
        Assert.Equal(2, Synthetic(result.Batch, "scrape_samples_post_metric_relabeling"));
        Assert.Equal(2, Synthetic(result.Batch, "scrape_series_added"));
        Assert.Equal(PrometheusToOtlpTranslator.ResourceAttributes("app", _exporter.Address, "http"), result.Batch.ResourceAttributes);
        // The scraped series carry the target's labels too.
        var a = NumberPoints(result.Batch).Single(e => e.Metric.Name == "a");
        Assert.Equal([new Attribute("zone", "eu-1")], result.Batch.AttributesOf(a.Point).ToArray());
    }

    [Fact]
    public async Task Retire_MarksEverySeriesStale_SyntheticOnesIncluded()
    {
        var scraper = Scraper();
        _exporter.Answer(TwoSeries);
        await ScrapeAsync(scraper);

        var batch = scraper.Retire(Target());

        var points = NumberPoints(batch);
        Assert.Equal(["a", "b_total", .. SyntheticNames], points.Select(e => e.Metric.Name));
        Assert.All(points, e => Assert.Equal(DataPointFlags.NoRecordedValue, e.Point.Flags));
        Assert.All(points, e => Assert.Equal(NowUnixNano, e.Point.TimeUnixNano));
        Assert.Equal(PrometheusToOtlpTranslator.ResourceAttributes("app", _exporter.Address, "http"), batch.ResourceAttributes);
    }

    [Fact]
    public async Task Params_AppearInTheQueryString()
    {
        _exporter.Answer("a 1\n");
        var parameters = new Dictionary<string, string[]>
        {
            ["module"] = ["http_2xx"],
            ["target"] = ["https://example.com/a b"],
            ["x"] = ["1", "2"],
        };

        await Scraper().ScrapeAsync(Target(parameters: parameters), CancellationToken.None);

        var (pathAndQuery, query, _) = _exporter.LastRequest;
        Assert.StartsWith("/metrics?", pathAndQuery);
        Assert.Equal("http_2xx", query["module"].ToString());
        Assert.Equal("https://example.com/a b", query["target"].ToString());
        Assert.Equal(["1", "2"], query["x"].Select(v => v ?? ""));
    }
}
