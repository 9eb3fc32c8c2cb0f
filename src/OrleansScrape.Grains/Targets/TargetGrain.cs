using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
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
/// When the allocation plan moves it to another scraper silo it migrates (<see cref="MoveTo"/>),
/// carrying its target, job, next due time and last status: the new activation's first scrape is
/// the one that was due next, so a move neither misses nor repeats a scrape. The translator's
/// per-series cache is not carried (the scraper has no export of it): the first scrape after a
/// move decodes its series' labels again, and a series that vanished exactly across the move gets
/// no staleness marker from this target (its series grain still ages it out).
/// </summary>
[ScraperPlacement]
public sealed class TargetGrain : Grain, ITargetGrain, IGrainMigrationParticipant
{
    private readonly ScrapeHttpClients _httpClients;
    private readonly ScrapeConfigCatalog _configs;
    private readonly ILocalSiloDetails _silo;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<TargetGrain> _logger;
    private ScrapeTarget? _target;
    private TargetScraper? _scraper;
    private IGrainTimer? _timer;
    private ScrapeResult? _last;
    private string? _lastForwardError;
    private long _scrapes;
    private DateTimeOffset _nextDue;
    private TargetStatus? _carriedStatus;
    private TargetMigrationState? _arrived;
    // Set once this activation has handed its schedule on (migration or silo shutdown): no more scrapes here.
    private bool _leaving;

    public TargetGrain(ScrapeHttpClients httpClients, ScrapeConfigCatalog configs, ILocalSiloDetails silo, IClusterMembershipService membership, ILogger<TargetGrain> logger)
    {
        _membership = membership;
        _httpClients = httpClients;
        _configs = configs;
        _silo = silo;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_arrived is { } arrived)
        {
            // Migrated here: resume the schedule where the old activation left it; overdue means now.
            _arrived = null;
            _target = arrived.Target;
            _scraper = new TargetScraper(_httpClients.For(arrived.Job), arrived.Job);
            _scrapes = arrived.Scrapes;
            _carriedStatus = arrived.LastStatus;
            var due = arrived.NextDue - DateTimeOffset.UtcNow;
            StartTimer(arrived.Target, due < TimeSpan.Zero ? TimeSpan.Zero : due);
            _logger.LogInformation("{Target} arrived on {Silo}; next scrape in {Due}", arrived.Target.Key, _silo.Name, due);
        }
        return Task.CompletedTask;
    }

    public async Task<string> EnsureScheduled(ScrapeTarget target)
    {
        // The discovery grain's placement hint has done its work; it must not reach the grains this one calls.
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
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
            var due = ScrapeSchedule.DelayUntilNext(target.Key, target.ScrapeInterval, DateTimeOffset.UtcNow);
            StartTimer(target, due);
            _logger.LogInformation("Scheduled {Target} every {Interval} (first scrape in {Due})", target.Key, target.ScrapeInterval, due);
        }
        return _silo.Name;
    }

    public Task MoveTo(SiloAddress destination)
    {
        if (destination.Equals(_silo.SiloAddress) || _target is null)
        {
            return Task.CompletedTask;
        }
        if (_membership.CurrentSnapshot.GetSiloStatus(_silo.SiloAddress) != SiloStatus.Active)
        {
            // A stopping silo deactivates this grain anyway, and hands the schedule on then (OnDeactivateAsync).
            return Task.CompletedTask;
        }
        // MigrateOnIdle hands the request context, and so this hint, to the scraper placement director.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, destination);
        this.MigrateOnIdle();
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        _logger.LogInformation("Moving {Target} from {From} to {To}", _target.Key, _silo.SiloAddress, destination);
        return Task.CompletedTask;
    }

    public void OnDehydrate(IDehydrationContext migrationContext)
    {
        // Runs once the activation is idle: _nextDue is the first scrape not yet done. A timer tick
        // queued behind this must not scrape that slot here too, so the timer stops now.
        if (_target is { } target && _scraper is not null && _timer is not null)
        {
            _leaving = true;
            _timer.Dispose();
            migrationContext.TryAddValue(TargetMigrationState.Key, new TargetMigrationState
            {
                Target = target,
                Job = _scraper.Job,
                NextDue = _nextDue,
                Scrapes = _scrapes,
                LastStatus = Status(),
            });
        }
    }

    public void OnRehydrate(IRehydrationContext migrationContext)
    {
        if (migrationContext.TryGetValue<TargetMigrationState>(TargetMigrationState.Key, out var arrived))
        {
            _arrived = arrived;
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A stopping silo deactivates its grains: migrate instead (Orleans lets a deactivating grain ask
        // for it), carrying the schedule to a silo that stays. Should that migration not happen, the
        // Resume message, queued behind this deactivation, reaches the grain's next activation instead.
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !_leaving && _timer is not null && _target is { } target)
        {
            var handOff = new TargetHandOff { Target = target, NextDue = _nextDue, Scrapes = _scrapes, LastStatus = Status() };
            this.MigrateOnIdle();
            this.AsReference<ITargetGrain>().Resume(handOff).ContinueWith(
                t => _logger.LogWarning(t.Exception, "Handing {Target} on from stopping silo {Silo} failed; discovery re-creates it", target.Key, _silo.Name),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            _logger.LogInformation("{Target} hands its schedule on from stopping silo {Silo}", target.Key, _silo.Name);
        }
        return Task.CompletedTask;
    }

    public async Task Resume(TargetHandOff handOff)
    {
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        if (_leaving || handOff.Target.Key != this.GetPrimaryKeyString())
        {
            return;
        }
        if (_timer is not null)
        {
            // Scheduled by a call that overtook the hand-off. Before its first scrape here, the slot the
            // old activation left undone is still this activation's to scrape: take it, then keep the phase.
            if (_last is null && _target is { } scheduled && handOff.NextDue < _nextDue)
            {
                var early = handOff.NextDue - DateTimeOffset.UtcNow;
                StartTimer(scheduled, early < TimeSpan.Zero ? TimeSpan.Zero : early);
                _scrapes = Math.Max(_scrapes, handOff.Scrapes);
                _carriedStatus ??= handOff.LastStatus;
            }
            return;
        }
        var job = await _configs.ResolveAsync(handOff.Target);
        _target = handOff.Target;
        _scraper = new TargetScraper(_httpClients.For(job), job);
        _scrapes = handOff.Scrapes;
        _carriedStatus = handOff.LastStatus;
        var due = handOff.NextDue - DateTimeOffset.UtcNow;
        StartTimer(handOff.Target, due < TimeSpan.Zero ? TimeSpan.Zero : due);
        _logger.LogInformation("{Target} taken over on {Silo}; next scrape in {Due}", handOff.Target.Key, _silo.Name, due);
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

    public Task<TargetStatus> GetStatus() => Task.FromResult(Status());

    private void StartTimer(ScrapeTarget target, TimeSpan due)
    {
        _timer?.Dispose();
        _nextDue = DateTimeOffset.UtcNow + due;
        _timer = this.RegisterGrainTimer(ScrapeOnce, new GrainTimerCreationOptions
        {
            DueTime = due,
            Period = target.ScrapeInterval,
            KeepAlive = true,
        });
    }

    private TargetStatus Status()
    {
        var target = _target;
        if (_last is null && _carriedStatus is { } carried)
        {
            // Migrated and not scraped here yet: the last scrape is the one the old activation made.
            return carried with { Silo = _silo.Name, ScrapeCount = _scrapes };
        }
        return new TargetStatus
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
        };
    }

    private async Task ScrapeOnce(CancellationToken cancellationToken)
    {
        if (_target is not { } target || _scraper is null || _leaving)
        {
            return;
        }

        // The next due time is one period after this tick's own slot, wherever the tick landed.
        var halfAhead = DateTimeOffset.UtcNow + target.ScrapeInterval / 2;
        _nextDue = halfAhead + ScrapeSchedule.DelayUntilNext(target.Key, target.ScrapeInterval, halfAhead);
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
            var router = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Series.SeriesRouter>(ServiceProvider);
            var pipelines = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Series.SeriesPipelines>(ServiceProvider).ForJob(target.Job);
            // A receiver feeding several pipelines gives each its own copy of the scrape (the batch is immutable, so shared).
            await (pipelines.Count == 1 ? router.PushAsync(batch, pipelines[0]) : Task.WhenAll(pipelines.Select(p => router.PushAsync(batch, p))));
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
