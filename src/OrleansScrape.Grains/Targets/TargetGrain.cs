using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.ScrapeConfigs;
using OrleansScrape.Grains.Telemetry;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Targets;

/// <summary>
/// Scrapes one target on its schedule and hands each scrape to the series grain of the
/// target's resource. The work is done by <see cref="TargetScraper"/>; this grain owns timing,
/// status and routing.
/// </summary>
[ScraperPlacement]
public sealed class TargetGrain : Grain, ITargetGrain
{
    private readonly ScrapeHttpClients _httpClients;
    private readonly ScrapeConfigCatalog _configs;
    private readonly ILocalSiloDetails _silo;
    private readonly ILogger<TargetGrain> _logger;
    private ScrapeTarget? _target;
    private TargetScraper? _scraper;
    private IGrainTimer? _timer;
    private ScrapeResult? _last;
    private string? _lastForwardError;
    private long _scrapes;

    public TargetGrain(ScrapeHttpClients httpClients, ScrapeConfigCatalog configs, ILocalSiloDetails silo, ILogger<TargetGrain> logger)
    {
        _httpClients = httpClients;
        _configs = configs;
        _silo = silo;
        _logger = logger;
    }

    public async Task<string> EnsureScheduled(ScrapeTarget target)
    {
        if (target.Key != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Target {target.Key} sent to the grain of {this.GetPrimaryKeyString()}.", nameof(target));
        }
        if (_target is not null && _target.Equals(target) && _timer is not null)
        {
            return _silo.Name;
        }

        var job = await _configs.ResolveAsync(target);
        var intervalChanged = _target?.ScrapeInterval != target.ScrapeInterval;
        _target = target;
        if (_scraper is null)
        {
            _scraper = new TargetScraper(_httpClients.For(job), job);
        }
        else
        {
            _scraper.Job = job;
        }
        if (_timer is null || intervalChanged)
        {
            _timer?.Dispose();
            var due = ScrapeSchedule.DelayUntilNext(target.Key, target.ScrapeInterval, DateTimeOffset.UtcNow);
            _timer = this.RegisterGrainTimer(ScrapeOnce, new GrainTimerCreationOptions
            {
                DueTime = due,
                Period = target.ScrapeInterval,
                KeepAlive = true,
            });
            _logger.LogInformation("Scheduled {Target} every {Interval} (first scrape in {Due})", target.Key, target.ScrapeInterval, due);
        }
        return _silo.Name;
    }

    public async Task Retire()
    {
        _timer?.Dispose();
        _timer = null;
        if (_target is { } target && _scraper is not null && _last is not null)
        {
            // Prometheus ends the series of a target that left: send their staleness markers.
            await Forward(target, _scraper.Retire(target));
        }
        _logger.LogInformation("Retired {Target}", this.GetPrimaryKeyString());
        _target = null;
        this.DeactivateOnIdle();
    }

    public Task<TargetStatus> GetStatus()
    {
        var target = _target;
        return Task.FromResult(new TargetStatus
        {
            Key = this.GetPrimaryKeyString(),
            Job = target?.Job ?? "",
            ScrapeUrl = target?.ScrapeUrl.ToString() ?? "",
            Silo = _silo.Name,
            Health = _last is null ? TargetHealth.Unknown : _last.Up && _lastForwardError is null ? TargetHealth.Up : TargetHealth.Down,
            LastScrape = _last?.Timestamp,
            LastScrapeDuration = _last?.Duration ?? TimeSpan.Zero,
            LastError = _last?.Error ?? _lastForwardError,
            LastSamples = _last?.SamplesScraped ?? 0,
            ScrapeCount = _scrapes,
            ScrapeOffset = target is null ? TimeSpan.Zero : ScrapeSchedule.Offset(target.Key, target.ScrapeInterval),
        });
    }

    private async Task ScrapeOnce(CancellationToken cancellationToken)
    {
        if (_target is not { } target || _scraper is null)
        {
            return;
        }

        var result = await _scraper.ScrapeAsync(target, cancellationToken);
        _last = result;
        _scrapes++;
        ReceiverTelemetry.RecordScrape(result.Up);
        if (!result.Up)
        {
            _logger.LogWarning("Scrape of {Target} failed: {Error}", target.Key, result.Error);
        }

        await Forward(target, result.Batch);
    }

    private async Task Forward(ScrapeTarget target, MetricBatch batch)
    {
        try
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Series.SeriesRouter>(ServiceProvider).PushAsync(batch);
            _lastForwardError = null;
            ReceiverTelemetry.RecordAccepted(batch.PointCount);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The gateway side is unavailable: this scrape's points are refused, the schedule goes on.
            _lastForwardError = $"forwarding to the gateway failed: {e.Message}";
            ReceiverTelemetry.RecordRefused(batch.PointCount);
            _logger.LogWarning(e, "Could not forward the scrape of {Target}", target.Key);
        }
    }
}
