using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Prometheus;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Scraping;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Scrapes prometheus-net, a real exporter used by .NET services, in both formats it serves and
/// accounts for every series of its exposition in the OTLP output.
/// </summary>
public sealed partial class RealExporterTests : IAsyncDisposable
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private LoopbackServer? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<string> StartExporterAsync()
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        var requests = factory.CreateCounter("http_requests_total", "Requests served.", new CounterConfiguration { LabelNames = ["method", "code"] });
        requests.WithLabels("GET", "200").Inc(41);
        requests.WithLabels("POST", "500").Inc(2);
        factory.CreateGauge("queue_length", "Items waiting.").Set(7);
        var latency = factory.CreateHistogram("request_duration_seconds", "Latency.", new HistogramConfiguration
        {
            LabelNames = ["route"],
            Buckets = [0.01, 0.1, 1],
        });
        foreach (var value in new[] { 0.005, 0.05, 0.5, 5 })
        {
            latency.WithLabels("/a").Observe(value);
        }
        latency.WithLabels("/b").Observe(0.2);
        var sizes = factory.CreateSummary("payload_bytes", "Payload sizes.", new SummaryConfiguration
        {
            Objectives = [new QuantileEpsilonPair(0.5, 0.05), new QuantileEpsilonPair(0.9, 0.01)],
        });
        foreach (var value in new[] { 10.0, 20, 30, 40 })
        {
            sizes.Observe(value);
        }
        _server = await LoopbackServer.StartAsync(routes => routes.MapMetrics("/metrics", _registry));
        return _server.Authority;
    }

    private static ScrapeConfig Job(params string[] protocols) => new()
    {
        JobName = "prometheus-net",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = TimeSpan.FromSeconds(10),
        ScrapeProtocols = protocols,
    };

    private static ScrapeTarget Target(string address) => new()
    {
        Job = "prometheus-net",
        ScrapeConfigName = "prometheus-net",
        Instance = address,
        Scheme = "http",
        Address = address,
        MetricsPath = "/metrics",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = TimeSpan.FromSeconds(10),
    };

    [Theory]
    [InlineData(ScrapeProtocols.PrometheusText004, "text/plain")]
    [InlineData(ScrapeProtocols.OpenMetricsText100, "application/openmetrics-text")]
    public async Task PrometheusNet_EverySeriesIsAccountedFor(string protocol, string expectedMediaType)
    {
        var address = await StartExporterAsync();
        using var clients = new ScrapeHttpClients();
        var job = Job(protocol);
        var http = clients.For(job);

        // The exposition as the exporter serves it for this protocol, to count its series independently.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{address}/metrics");
        request.Headers.TryAddWithoutValidation("Accept", ScrapeProtocols.AcceptHeader([protocol]));
        using var response = await http.SendAsync(request);
        Assert.StartsWith(expectedMediaType, response.Content.Headers.ContentType?.MediaType ?? "");
        var body = await response.Content.ReadAsStringAsync();

        var result = await new TargetScraper(http, job).ScrapeAsync(Target(address), CancellationToken.None);

        Assert.True(result.Up, result.Error);
        var batch = result.Batch;
        var lines = body.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(lines.Count, result.SamplesScraped);

        // Counters: every _total line is one point of a monotonic cumulative sum, value unchanged.
        var counterLines = lines.Where(l => l.StartsWith("http_requests_total", StringComparison.Ordinal)).ToList();
        var requests = Assert.Single(batch.Metrics, m => m.Name == "http_requests_total");
        Assert.Equal(MetricType.Sum, requests.Type);
        Assert.True(requests.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, requests.Temporality);
        Assert.Equal(counterLines.Count, requests.PointCount);
        Assert.Equal([2.0, 41.0], batch.PointsOf(requests).ToArray().Select(p => p.Value).Order());

        var queue = Assert.Single(batch.Metrics, m => m.Name == "queue_length");
        Assert.Equal(MetricType.Gauge, queue.Type);
        Assert.Equal(7.0, Assert.Single(batch.PointsOf(queue).ToArray()).Value);

        // Histograms: one point per route; every bucket line is a bucket; counts de-cumulated.
        var bucketLines = lines.Where(l => l.StartsWith("request_duration_seconds_bucket", StringComparison.Ordinal)).ToList();
        var latency = Assert.Single(batch.Metrics, m => m.Name == "request_duration_seconds");
        Assert.Equal(MetricType.Histogram, latency.Type);
        var points = batch.HistogramPointsOf(latency).ToArray();
        Assert.Equal(bucketLines.Select(l => RouteLabel().Match(l).Value).Distinct().Count(), points.Length);
        Assert.Equal(bucketLines.Count, points.Sum(p => p.BoundsCount + 1));
        var routeA = points.Single(p => batch.AttributesOf(p).ToArray().Contains(new OrleansScrape.Otlp.Model.Attribute("route", "/a")));
        Assert.Equal([0.01, 0.1, 1.0], batch.BoundsOf(routeA).ToArray());
        Assert.Equal([1UL, 1, 1, 1], batch.BucketCountsOf(routeA).ToArray());
        Assert.Equal(4UL, routeA.Count);
        Assert.Equal(5.555, routeA.Sum, 6);

        // Summaries: one point, every quantile line a quantile.
        var quantileLines = lines.Where(l => l.StartsWith("payload_bytes{", StringComparison.Ordinal)).ToList();
        var sizes = Assert.Single(batch.Metrics, m => m.Name == "payload_bytes");
        Assert.Equal(MetricType.Summary, sizes.Type);
        var summary = Assert.Single(batch.SummaryPointsOf(sizes).ToArray());
        Assert.Equal(quantileLines.Count, summary.QuantileCount);
        Assert.Equal(4UL, summary.Count);
        Assert.Equal(100.0, summary.Sum);

        // Nothing else was lost: every sample line went into exactly one of these points.
        var histogramOtherLines = lines.Count(l => l.StartsWith("request_duration_seconds_sum", StringComparison.Ordinal) || l.StartsWith("request_duration_seconds_count", StringComparison.Ordinal));
        var summaryOtherLines = lines.Count(l => l.StartsWith("payload_bytes_sum", StringComparison.Ordinal) || l.StartsWith("payload_bytes_count", StringComparison.Ordinal));
        var createdLines = lines.Count(l => CreatedSample().IsMatch(l));
        Assert.Equal(lines.Count, counterLines.Count + 1 + bucketLines.Count + histogramOtherLines + quantileLines.Count + summaryOtherLines + createdLines);
        // OpenMetrics carries _created: it becomes the start time of every point of the family.
        if (lines.Any(l => l.StartsWith("request_duration_seconds_created", StringComparison.Ordinal)))
        {
            Assert.All(points, p => Assert.NotEqual(0, p.StartTimeUnixNano));
            Assert.All(batch.PointsOf(requests).ToArray(), p => Assert.NotEqual(0, p.StartTimeUnixNano));
        }
    }

    [GeneratedRegex("route=\"[^\"]*\"")]
    private static partial Regex RouteLabel();

    [GeneratedRegex(@"^\w+_created[{ ]")]
    private static partial Regex CreatedSample();
}
