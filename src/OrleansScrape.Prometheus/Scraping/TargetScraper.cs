using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// Performs the scrapes of one target: HTTP GET with the scrape timeout, parse, translation to
/// the OTLP model, and the synthetic <c>up</c> and <c>scrape_*</c> series Prometheus adds. Any
/// failure becomes <c>up</c> = 0 with the reason; nothing escapes as an exception. One instance
/// per target, because its translator caches the target's label strings between scrapes.
/// </summary>
public sealed class TargetScraper
{
    /// <summary>The scope of scraped metrics, named as the Collector's prometheus receiver names it.</summary>
    public static readonly InstrumentationScope Scope = new(
        "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver",
        typeof(TargetScraper).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private const string AcceptHeader = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly PrometheusToOtlpTranslator _translator = new();

    public TargetScraper(HttpClient http, TimeProvider? clock = null)
    {
        _http = http;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<ScrapeResult> ScrapeAsync(ScrapeTarget target, CancellationToken cancellationToken)
    {
        var timestamp = _clock.GetUtcNow();
        var scrapeTimeUnixNano = (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var started = Stopwatch.GetTimestamp();
        var resource = PrometheusToOtlpTranslator.ResourceAttributes(target.Job, target.Instance, target.Scheme);

        string? error = null;
        var samples = 0;
        MetricBatchBuilder? scraped = null;
        try
        {
            var body = await FetchAsync(target, cancellationToken);
            scraped = new MetricBatchBuilder(resource);
            var scope = scraped.AddScope(Scope);
            var stats = _translator.Translate(body, scrapeTimeUnixNano, target.HonorTimestamps, scraped, scope);
            samples = stats.SamplesScraped;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"context deadline exceeded: the scrape took longer than the {target.ScrapeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s scrape timeout";
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }
        catch (ExpositionFormatException e)
        {
            error = e.Message;
        }
        catch (ScrapeFailedException e)
        {
            error = e.Message;
        }

        // A failed scrape forwards nothing it parsed, only the synthetic series.
        var builder = error is null ? scraped! : new MetricBatchBuilder(resource);
        if (error is not null)
        {
            samples = 0;
        }
        var duration = Stopwatch.GetElapsedTime(started);
        AddSyntheticSeries(builder, builder.AddScope(Scope), scrapeTimeUnixNano, error is null, duration, samples);
        var batch = TargetLabels.Attach(builder.Build(), target.Labels);
        return new ScrapeResult
        {
            Batch = batch,
            Timestamp = timestamp,
            Duration = duration,
            SamplesScraped = samples,
            Error = error,
        };
    }

    private async Task<byte[]> FetchAsync(ScrapeTarget target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.ScrapeTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, target.ScrapeUrl);
        request.Headers.Accept.ParseAdd(AcceptHeader);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.UserAgent.ParseAdd("OrleansScrape/" + Scope.Version);
        request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", target.ScrapeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new ScrapeFailedException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        return await response.Content.ReadAsByteArrayAsync(timeout.Token);
    }

    private static void AddSyntheticSeries(MetricBatchBuilder builder, int scope, long timeUnixNano, bool up, TimeSpan duration, int samples)
    {
        void Gauge(string name, string description, double value)
        {
            builder.BeginMetric(name, description, "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
            builder.AddPoint(0, timeUnixNano, value, DataPointFlags.None, []);
        }
        Gauge("up", "The scraping was successful", up ? 1 : 0);
        Gauge("scrape_duration_seconds", "Duration of the scrape", duration.TotalSeconds);
        Gauge("scrape_samples_scraped", "The number of samples the target exposed", samples);
        // No metric relabeling exists yet, so every scraped sample remains.
        Gauge("scrape_samples_post_metric_relabeling", "The number of samples remaining after metric relabeling was applied", samples);
    }
}
