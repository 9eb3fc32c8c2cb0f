using Microsoft.Extensions.Logging;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using Orleans.Serialization;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Allocation;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Telemetry;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// Computes the target set of its shard from the configured service discovery (static, file and
/// HTTP SD, Kubernetes SD and jobs generated from custom resources, relabeled with each job's
/// <c>relabel_configs</c>; a shard discovers only what it owns, <see cref="ShardScope"/>) and keeps one target grain scheduled
/// per target. Re-sending every target each sync is cheap (an unchanged target is a no-op) and
/// brings back the targets of a silo that died; targets that left are retired.
/// Each sync plans which scraper silo scrapes which target (<see cref="AllocationPlanner"/>, the
/// configured strategy), activates new target grains on their planned silo through the placement
/// hint and migrates those whose planned silo changed. A change of the scraper pool (a silo joined,
/// left or died) triggers a sync at once. The target set is saved to <see cref="DiscoveryStorage"/>
/// so a new activation of this grain re-ensures it before its sources have relisted.
/// </summary>
public sealed class DiscoveryGrain : Grain, IDiscoveryGrain
{
    /// <summary>How often the target set is recomputed and re-sent; discoverers that see a change trigger a sync at once.</summary>
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    /// <summary>How long after moving targets the discovery grain makes sure every one of them is active again.</summary>
    public static readonly TimeSpan MigrationCheckDelay = TimeSpan.FromSeconds(2);

    private readonly DiscoverySources _sources;
    private readonly ILogger<DiscoveryGrain> _logger;
    private readonly ScraperSilos _scrapers;
    private readonly AllocationStrategy _strategy;
    private readonly IPersistentState<DiscoveryCheckpoint> _checkpoint;
    private readonly Serializer _serializer;
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, string> _assignment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _series = new(StringComparer.Ordinal);
    // Keys restored from storage that no clean discovery has confirmed yet: not retired on a failing relist.
    private HashSet<string> _unconfirmed = new(StringComparer.Ordinal);
    // Generated jobs restored from the checkpoint: published and kept until the custom resources are listed.
    private List<ScrapeConfig> _restoredGenerated = [];
    private string? _pendingSource;
    private ShardJobs? _jobs;
    private HashSet<string> _current = new(StringComparer.Ordinal);
    private IReadOnlyList<ScrapeTarget> _targets = [];
    private DiscoveryStatus _status = new();
    private int _syncRequested;

    public DiscoveryGrain(
        DiscoverySources sources,
        ILogger<DiscoveryGrain> logger,
        IClusterMembershipService membership,
        ISiloMetadataCache metadata,
        AllocationSettings allocation,
        Serializer serializer,
        [PersistentState("targets", DiscoveryStorage.ProviderName)] IPersistentState<DiscoveryCheckpoint> checkpoint)
    {
        _scrapers = new ScraperSilos(membership, metadata);
        _strategy = allocation.Strategy;
        _serializer = serializer;
        _checkpoint = checkpoint;
        _sources = sources;
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var self = this.AsReference<IDiscoveryGrain>();
        await RestoreTargets();
        _jobs = new ShardJobs(_sources, _serializer, () => RequestSync(self), this.GetPrimaryKeyString());
        // A discoverer's first read is awaited so the first sync sees its targets; failures are recorded, not thrown.
        await _jobs.StartAsync(cancellationToken);
        WatchScraperPool(self);
        this.RegisterGrainTimer(_ => SyncCore(TakeSource(AllocatorTelemetry.Sources.Timer)), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = SyncPeriod,
            KeepAlive = true,
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        AllocatorTelemetry.Forget(this.GetPrimaryKeyString());
        _jobs?.Dispose();
        _jobs = null;
        return Task.CompletedTask;
    }

    public async Task<DiscoveryStatus> Sync()
    {
        Interlocked.Exchange(ref _syncRequested, 0);
        await SyncCore(TakeSource(AllocatorTelemetry.Sources.Request));
        return _status;
    }

    public Task<DiscoveryStatus> GetStatus() => Task.FromResult(_status);

    public async Task<IReadOnlyList<TargetAssignment>> GetAssignments()
    {
        var targets = _targets;
        var statuses = await Task.WhenAll(targets.Select(async target =>
        {
            try
            {
                return await GrainFactory.GetGrain<ITargetGrain>(target.Key).GetStatus();
            }
            catch (Exception e)
            {
                // A target whose grain cannot be reached is shown unassigned, with the reason.
                return new TargetStatus { Key = target.Key, Job = target.Job, ScrapeUrl = target.ScrapeUrl.ToString(), Silo = "", LastError = e.Message };
            }
        }));
        return targets.Select((target, i) => new TargetAssignment { Target = target, Status = statuses[i] }).ToList();
    }

    public Task<IReadOnlyList<RenderedScrapeConfig>> GetScrapeConfigs() =>
        Task.FromResult<IReadOnlyList<RenderedScrapeConfig>>(
            (_jobs?.Jobs ?? []).Select(j => new RenderedScrapeConfig { JobName = j.Job.JobName, Json = j.Json }).ToList());

    // Called on a discoverer's thread: go through the grain reference, and collapse bursts of changes into one sync.
    private void RequestSync(IDiscoveryGrain self, string source = AllocatorTelemetry.Sources.Discovery)
    {
        Volatile.Write(ref _pendingSource, source);
        if (Interlocked.Exchange(ref _syncRequested, 1) == 0)
        {
            self.Sync().ContinueWith(
                t => _logger.LogWarning(t.Exception, "Discovery sync after a change failed"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private string TakeSource(string fallback) => Interlocked.Exchange(ref _pendingSource, null) ?? fallback;

    // Membership is watched off the grain's scheduler; each change of the scraper pool asks for a sync through the grain reference.
    private void WatchScraperPool(IDiscoveryGrain self)
    {
        var stopping = _stopping.Token;
        _ = Task.Run(async () =>
        {
            var known = "";
            try
            {
                await foreach (var _ in _scrapers.Updates.WithCancellation(stopping))
                {
                    // A silo's role arrives with its metadata, shortly after it joins: wait for it (bounded).
                    for (var i = 0; i < 50 && !_scrapers.MetadataComplete(); i++)
                    {
                        await Task.Delay(100, stopping);
                    }
                    // Any status change counts: a stopping silo leaves the pool first, its activations later when it is dead.
                    var pool = _scrapers.Fingerprint();
                    if (pool != known)
                    {
                        known = pool;
                        RequestSync(self, AllocatorTelemetry.Sources.Membership);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Watching the scraper pool stopped; allocation follows it only at the periodic sync");
            }
        }, CancellationToken.None);
    }

    // The previous activation's target set, ensured at once so that scraping resumes before discovery has relisted.
    private async Task RestoreTargets()
    {
        var saved = _checkpoint.State;
        if (saved.Targets.Length == 0)
        {
            return;
        }
        List<ScrapeTarget>? restored;
        try
        {
            restored = _serializer.Deserialize<List<ScrapeTarget>>(saved.Targets) ?? [];
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "The saved target set of discovery shard {Shard} cannot be read; waiting for discovery", this.GetPrimaryKeyString());
            return;
        }
        for (var i = 0; i < saved.Keys.Length && i < saved.Silos.Length; i++)
        {
            _assignment[saved.Keys[i]] = saved.Silos[i];
        }
        // Targets of generated jobs can only be scheduled once their config is published again.
        if (saved.GeneratedJobs.Length > 0)
        {
            try
            {
                var generated = _serializer.Deserialize<List<ScrapeConfig>>(saved.GeneratedJobs) ?? [];
                await ShardJobs.Publish(GrainFactory, _serializer, generated);
                _restoredGenerated = generated;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "The saved generated scrape configs of discovery shard {Shard} cannot be restored; their targets wait for the custom resources", this.GetPrimaryKeyString());
            }
        }
        var targets = restored.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var failures = new List<string>();
        await Allocate(targets, failures, AllocatorTelemetry.Sources.Activation);
        _current = targets.Keys.ToHashSet(StringComparer.Ordinal);
        _unconfirmed = _current.ToHashSet(StringComparer.Ordinal);
        _targets = restored.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        _logger.LogInformation("Discovery shard {Shard} re-ensured {Count} saved targets ({Failures} failed)", this.GetPrimaryKeyString(), targets.Count, failures.Count);
    }

    /// <summary>
    /// Plans the assignment of <paramref name="targets"/> over the scraper silos, activates or moves
    /// every target grain to its planned silo, and records the allocator metrics.
    /// </summary>
    private async Task Allocate(Dictionary<string, ScrapeTarget> targets, List<string> failures, string source)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        AllocatorTelemetry.RecordEvent(source);
        var scrapers = _scrapers.Allocatable();
        var addresses = scrapers.ToDictionary(s => s.Name, s => s.Address, StringComparer.Ordinal);
        var plan = AllocationPlanner.Plan(
            _strategy,
            targets.Values.Select(t => new AllocationTarget(t.Key, TargetNode.From(t.DiscoveredLabels), _series.GetValueOrDefault(t.Key))).ToList(),
            scrapers.Select(s => new AllocationCollector(s.Name, s.Node)).ToList(),
            _assignment);

        var assignment = new Dictionary<string, string>(StringComparer.Ordinal);
        var unassigned = 0;
        var moved = 0;
        await Task.WhenAll(targets.Values.Select(async target =>
        {
            var grain = GrainFactory.GetGrain<ITargetGrain>(target.Key);
            var destination = plan.Assignments.TryGetValue(target.Key, out var planned) ? addresses[planned] : null;
            try
            {
                string silo;
                // The hint places a new activation on the planned silo; it is scoped to this one call.
                if (destination is not null)
                {
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, destination);
                }
                try
                {
                    silo = await grain.EnsureScheduled(target);
                }
                finally
                {
                    RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                }
                if (destination is not null && silo != planned)
                {
                    await grain.MoveTo(destination);
                    Interlocked.Increment(ref moved);
                    silo = planned!;
                }
                long? series = _strategy == AllocationStrategy.LoadAware ? (await grain.GetStatus()).LastSamples : null;
                lock (assignment)
                {
                    assignment[target.Key] = silo;
                    if (series is { } count)
                    {
                        _series[target.Key] = count;
                    }
                }
            }
            catch (Exception e)
            {
                lock (assignment)
                {
                    failures.Add($"{target.Key}: {e.Message}");
                    unassigned++;
                }
            }
        }));
        foreach (var gone in _series.Keys.Where(k => !targets.ContainsKey(k)).ToList())
        {
            _series.Remove(gone);
        }
        _assignment = assignment;

        var collectors = scrapers.ToDictionary(s => s.Name, _ => 0, StringComparer.Ordinal);
        foreach (var silo in assignment.Values)
        {
            collectors[silo] = collectors.GetValueOrDefault(silo) + 1;
        }
        var jobs = targets.Values.GroupBy(t => t.ScrapeConfigName.Length > 0 ? t.ScrapeConfigName : t.Job)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var method = source == AllocatorTelemetry.Sources.Membership ? "collectors" : "targets";
        AllocatorTelemetry.RecordAllocation(this.GetPrimaryKeyString(), AllocationStrategyNames.Name(_strategy), jobs, collectors,
            _scrapers.Discovered(), scrapers.Count, unassigned, method, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        if (moved > 0)
        {
            _logger.LogInformation("Allocation ({Strategy}, after {Source}): moving {Moved} of {Count} targets over {Scrapers} scraper silos",
                AllocationStrategyNames.Name(_strategy), source, moved, targets.Count, scrapers.Count);
            // A migration that fails leaves its target without an activation: check again shortly instead of
            // at the next periodic sync, so such a target misses a slot at most.
            var self = this.AsReference<IDiscoveryGrain>();
            _ = Task.Delay(MigrationCheckDelay, _stopping.Token).ContinueWith(
                _ => RequestSync(self, AllocatorTelemetry.Sources.Discovery),
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task SaveTargets(IReadOnlyList<ScrapeTarget> targets)
    {
        var bytes = _serializer.SerializeToArray(targets.ToList());
        var keys = targets.Select(t => t.Key).ToArray();
        var silos = keys.Select(k => _assignment.GetValueOrDefault(k) ?? "").ToArray();
        var generated = _jobs is not { } jobs ? []
            : _serializer.SerializeToArray(jobs.ResourcesUnavailable && _restoredGenerated.Count > 0 ? _restoredGenerated : jobs.GeneratedConfigs.ToList());
        var saved = _checkpoint.State;
        if (saved.Targets.AsSpan().SequenceEqual(bytes) && saved.Silos.AsSpan().SequenceEqual(silos) && saved.GeneratedJobs.AsSpan().SequenceEqual(generated))
        {
            return;
        }
        _checkpoint.State = new DiscoveryCheckpoint { Targets = bytes, Keys = keys, Silos = silos, GeneratedJobs = generated };
        try
        {
            await _checkpoint.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Only a re-activation needs it; the next sync tries again.
            _checkpoint.State = saved;
            _logger.LogWarning(e, "Saving the target set of discovery shard {Shard} failed", this.GetPrimaryKeyString());
        }
    }

    private async Task SyncCore(string source)
    {
        var targets = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        var failures = new List<string>();
        var dropped = 0;
        var jobs = _jobs!;
        // Jobs generated from custom resources are adopted here, on the grain's thread, and published for scrapers.
        await jobs.RefreshAsync(_stopping.Token);
        try
        {
            await jobs.PublishAsync(GrainFactory);
        }
        catch (Exception e)
        {
            failures.Add($"publishing generated scrape configs failed: {e.Message}");
        }
        foreach (var job in jobs.Jobs)
        {
            var set = job.Targets();
            dropped += set.Dropped;
            failures.AddRange(set.Errors.Select(e => $"job {job.Job.JobName}: {e}"));
            foreach (var target in set.Targets)
            {
                targets.TryAdd(target.Key, target);
            }
        }

        // Unlisted custom resources do not prove that their jobs' targets left.
        var discoveryFailed = failures.Count > 0 || jobs.ResourcesUnavailable;
        if (jobs.ResourcesUnavailable && _restoredGenerated.Count > 0)
        {
            try
            {
                await ShardJobs.Publish(GrainFactory, _serializer, _restoredGenerated);
            }
            catch (Exception e)
            {
                failures.Add($"publishing restored scrape configs failed: {e.Message}");
            }
        }
        else if (!jobs.ResourcesUnavailable)
        {
            _restoredGenerated = [];
        }
        // An invalid custom resource is reported, but says nothing about whether other targets left.
        failures.AddRange(jobs.ResourceErrors.Select(e => $"custom resources: {e}"));
        if (discoveryFailed && _unconfirmed.Count > 0)
        {
            // Saved before this activation: a failing relist does not prove such a target left.
            foreach (var saved in _targets.Where(t => _unconfirmed.Contains(t.Key)))
            {
                targets.TryAdd(saved.Key, saved);
            }
        }
        await Allocate(targets, failures, source);

        var keys = targets.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var removed in _current.Where(k => !keys.Contains(k)).ToList())
        {
            try
            {
                await GrainFactory.GetGrain<ITargetGrain>(removed).Retire();
            }
            catch (Exception e)
            {
                failures.Add($"{removed}: retiring failed: {e.Message}");
                keys.Add(removed); // try again next sync
            }
        }

        var first = !_status.Loaded;
        if (!discoveryFailed)
        {
            _unconfirmed.Clear();
        }
        _current = keys;
        _targets = targets.Values.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        await SaveTargets(_targets);
        _status = new DiscoveryStatus
        {
            Loaded = true,
            Targets = targets.Count,
            DroppedTargets = dropped,
            TargetKeys = targets.Keys.Order(StringComparer.Ordinal).ToList(),
            LastSync = DateTimeOffset.UtcNow,
            LastError = failures.Count == 0 ? null : string.Join("; ", failures.Take(5)) + (failures.Count > 5 ? $" (and {failures.Count - 5} more)" : ""),
        };
        if (failures.Count > 0)
        {
            _logger.LogWarning("Discovery: {Count} problems with {Total} targets: {Error}", failures.Count, targets.Count, _status.LastError);
        }
        else if (first)
        {
            _logger.LogInformation("Discovery loaded {Count} targets ({Dropped} dropped by relabeling)", targets.Count, dropped);
        }
    }
}
