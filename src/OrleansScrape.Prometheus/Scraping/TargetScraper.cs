using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Relabeling;
using OrleansScrape.Prometheus.Translation;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// Performs the scrapes of one target as Prometheus's scrape loop does: HTTP GET with content
/// negotiation, the scrape timeout and the body size limit; parse and translation with the
/// job's relabeling and limits; the synthetic <c>up</c> and <c>scrape_*</c> series; staleness
/// markers for series that vanished, and for all series when a scrape fails or the target
/// leaves. Any failure becomes <c>up</c> = 0 with the reason; nothing escapes as an exception.
/// One instance per target (its translator caches the target's series). Not thread-safe.
/// </summary>
public sealed class TargetScraper
{
    /// <summary>
    /// The size of the buffer a body streams through: the translator gets every complete line in it,
    /// so a scrape holds at most this much of the body (more only for a longer line).
    /// </summary>
    public const int DefaultBufferSize = 64 * 1024;

    private static readonly string[] SyntheticNames =
        ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];

    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly PrometheusToOtlpTranslator _translator = new();
    private readonly MetricBatchBuilder _builder = new([]);
    private readonly int _bufferSize;
    private ScrapeConfig _job;
    private ScrapeTarget? _optionsFor;
    private string _acceptHeader;
    private Attribute[] _syntheticAttributes = [];

    public TargetScraper(HttpClient http, ScrapeConfig job, TimeProvider? clock = null)
        : this(http, job, clock, DefaultBufferSize)
    {
    }

    /// <summary>A scraper whose bodies stream through a buffer of <paramref name="bufferSize"/> bytes (grown only for a longer line).</summary>
    public TargetScraper(HttpClient http, ScrapeConfig job, TimeProvider? clock, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _bufferSize = bufferSize;
        _http = http;
        _job = job;
        _clock = clock ?? TimeProvider.System;
        _acceptHeader = ScrapeProtocols.AcceptHeader(job.ScrapeProtocols);
    }

    /// <summary>The job's settings; a changed job takes effect at the next scrape.</summary>
    public ScrapeConfig Job
    {
        get => _job;
        set
        {
            if (!ReferenceEquals(value, _job))
            {
                _job = value;
                _optionsFor = null;
                _acceptHeader = ScrapeProtocols.AcceptHeader(value.ScrapeProtocols);
            }
        }
    }

    public async Task<ScrapeResult> ScrapeAsync(ScrapeTarget target, CancellationToken cancellationToken)
    {
        Configure(target);
        var timestamp = _clock.GetUtcNow();
        var time = ToUnixNano(timestamp);
        var started = Stopwatch.GetTimestamp();
        var resource = PrometheusToOtlpTranslator.ResourceAttributes(target.Job, target.Instance, target.Scheme, target.DiscoveredLabels);

        string? error = null;
        TranslationStats stats = default;
        try
        {
            stats = await FetchAsync(target, time, resource, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"context deadline exceeded: the scrape took longer than the {Seconds(target.ScrapeTimeout)}s scrape timeout";
        }
        catch (Exception e) when (e is HttpRequestException or ExpositionFormatException or ScrapeFailedException or ScrapeLimitException or IOException or InvalidOperationException)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            // Nothing parsed is forwarded; Prometheus ends every series of the target instead.
            _builder.Build();
            _builder.SetResourceAttributes(resource);
            _translator.MarkAllStale(_builder, time);
            stats = default;
        }
        var duration = Stopwatch.GetElapsedTime(started);
        AddSyntheticSeries(time, error is null, duration, stats);
        return new ScrapeResult
        {
            Batch = _builder.Build(),
            Timestamp = timestamp,
            Duration = duration,
            SamplesScraped = stats.SamplesScraped,
            SamplesPostRelabeling = stats.SamplesPostRelabeling,
            SeriesAdded = stats.SeriesAdded,
            Error = error,
        };
    }

    /// <summary>Staleness markers for every series of the target, the synthetic ones included: it left the target set.</summary>
    public MetricBatch Retire(ScrapeTarget target)
    {
        Configure(target);
        var time = ToUnixNano(_clock.GetUtcNow());
        _builder.SetResourceAttributes(PrometheusToOtlpTranslator.ResourceAttributes(target.Job, target.Instance, target.Scheme, target.DiscoveredLabels));
        var scope = _builder.AddScope(PrometheusToOtlpTranslator.ReceiverScope);
        _translator.MarkAllStale(_builder, time);
        foreach (var name in SyntheticNames)
        {
            _builder.BeginMetric(name, "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
            _builder.AddPoint(0, time, double.NaN, DataPointFlags.NoRecordedValue, _syntheticAttributes);
        }
        return _builder.Build();
    }

    /// <summary>Hands the translator the target's labels and the job's relabeling and limits.</summary>
    private void Configure(ScrapeTarget target)
    {
        if (_optionsFor is not null && _optionsFor.Equals(target))
        {
            return;
        }
        var targetLabels = new List<Label>(target.Labels.Count + 2)
        {
            new(TargetLabelNames.Job, target.Job),
            new(TargetLabelNames.Instance, target.Instance),
        };
        targetLabels.AddRange(target.Labels.Select(l => new Label(l.Key, l.Value)));
        _translator.Options = new TranslationOptions
        {
            TargetLabels = targetLabels,
            HonorLabels = _job.HonorLabels,
            HonorTimestamps = target.HonorTimestamps,
            MetricRelabeling = new Relabeler(_job.MetricRelabelConfigs),
            SampleLimit = _job.SampleLimit,
            LabelLimit = _job.LabelLimit,
            LabelNameLengthLimit = _job.LabelNameLengthLimit,
            LabelValueLengthLimit = _job.LabelValueLengthLimit,
        };
        _syntheticAttributes = target.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new Attribute(l.Key, l.Value)).ToArray();
        _optionsFor = target;
    }

    /// <summary>
    /// Fetches the body and translates it as it streams in: every complete line read so far goes to
    /// the translator, the incomplete rest moves to the front of the buffer and waits for more bytes.
    /// </summary>
    private async Task<TranslationStats> FetchAsync(ScrapeTarget target, long time, Attribute[] resource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.ScrapeTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, target.ScrapeUrl);
        request.Headers.TryAddWithoutValidation("Accept", _acceptHeader);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.UserAgent.ParseAdd("OrleansScrape/" + PrometheusToOtlpTranslator.ReceiverScope.Version);
        request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", Seconds(target.ScrapeTimeout));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new ScrapeFailedException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        var limit = _job.BodySizeLimit;
        if (limit > 0 && response.Content.Headers.ContentLength > limit && response.Content.Headers.ContentEncoding.Count == 0)
        {
            throw new ScrapeFailedException($"body size limit exceeded: the response has {response.Content.Headers.ContentLength} bytes, the limit is {limit}");
        }
        var format = ExpositionFormatNegotiation.FromContentType(response.Content.Headers.ContentType?.ToString());

        var content = await response.Content.ReadAsStreamAsync(timeout.Token);
        // The request asks for gzip whatever the client: when its handler did not decompress, do it here.
        await using var stream = IsGzip(response.Content.Headers.ContentEncoding)
            ? new GZipStream(content, CompressionMode.Decompress)
            : content;
        // Rent, not allocate: the buffer goes back to the pool after translation. Its size bounds
        // what a scrape holds of the body, whatever the body's length.
        var buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        var length = 0;
        long total = 0;
        _translator.Begin(format, time, _builder, resource);
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // A line longer than the buffer: only then does it grow.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (limit > 0 && total > limit)
                {
                    throw new ScrapeFailedException($"body size limit exceeded: the uncompressed body is larger than {limit} bytes");
                }
                var newline = buffer.AsSpan(length, read).LastIndexOf((byte)'\n');
                length += read;
                if (newline < 0)
                {
                    continue;
                }
                var complete = length - read + newline + 1;
                _translator.Feed(buffer.AsSpan(0, complete), final: false);
                buffer.AsSpan(complete, length - complete).CopyTo(buffer);
                length -= complete;
            }
            _translator.Feed(buffer.AsSpan(0, length), final: true);
            return _translator.End();
        }
        catch
        {
            // The body was not read to its end: nothing of it is delivered.
            _translator.Abort();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsGzip(ICollection<string> encodings) =>
        encodings.Count == 1 && encodings.First().Equals("gzip", StringComparison.OrdinalIgnoreCase);

    private void AddSyntheticSeries(long time, bool up, TimeSpan duration, TranslationStats stats)
    {
        var scope = _builder.AddScope(PrometheusToOtlpTranslator.ReceiverScope);
        void Gauge(string name, string description, double value)
        {
            _builder.BeginMetric(name, description, "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
            _builder.AddPoint(0, time, value, DataPointFlags.None, _syntheticAttributes);
        }
        Gauge("up", "The scraping was successful", up ? 1 : 0);
        Gauge("scrape_duration_seconds", "Duration of the scrape", duration.TotalSeconds);
        Gauge("scrape_samples_scraped", "The number of samples the target exposed", stats.SamplesScraped);
        Gauge("scrape_samples_post_metric_relabeling", "The number of samples remaining after metric relabeling was applied", stats.SamplesPostRelabeling);
        Gauge("scrape_series_added", "The approximate number of new series in this scrape", stats.SeriesAdded);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static long ToUnixNano(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
