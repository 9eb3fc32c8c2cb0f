using Microsoft.Extensions.Logging;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// Computes the target set of its shard from the configured service discovery (static, file and
/// HTTP SD, relabeled with each job's <c>relabel_configs</c>) and keeps one target grain scheduled
/// per target. Re-sending every target each sync is cheap (an unchanged target is a no-op) and
/// brings back the targets of a silo that died; targets that left are retired.
/// </summary>
public sealed class DiscoveryGrain : Grain, IDiscoveryGrain
{
    /// <summary>How often the target set is recomputed and re-sent; discoverers that see a change trigger a sync at once.</summary>
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    private readonly PrometheusConfig _config;
    private readonly ScrapeHttpClients _httpClients;
    private readonly ILogger<DiscoveryGrain> _logger;
    private readonly List<JobDiscovery> _jobs = new();
    private HashSet<string> _current = new(StringComparer.Ordinal);
    private IReadOnlyList<ScrapeTarget> _targets = [];
    private DiscoveryStatus _status = new();
    private int _syncRequested;

    public DiscoveryGrain(PrometheusConfig config, ScrapeHttpClients httpClients, ILogger<DiscoveryGrain> logger)
    {
        _config = config;
        _httpClients = httpClients;
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var self = this.AsReference<IDiscoveryGrain>();
        foreach (var job in _config.ScrapeConfigs)
        {
            _jobs.Add(new JobDiscovery(job, _httpClients, () => RequestSync(self)));
        }
        // A discoverer's first read is awaited so the first sync sees its targets; failures are recorded, not thrown.
        await Task.WhenAll(_jobs.Select(j => j.StartAsync(cancellationToken)));
        this.RegisterGrainTimer(_ => SyncCore(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = SyncPeriod,
            KeepAlive = true,
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Telemetry.AllocatorTelemetry.Forget(this.GetPrimaryKeyString());
        foreach (var job in _jobs)
        {
            job.Dispose();
        }
        _jobs.Clear();
        return Task.CompletedTask;
    }

    public async Task<DiscoveryStatus> Sync()
    {
        Interlocked.Exchange(ref _syncRequested, 0);
        await SyncCore();
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

    // Called on a discoverer's thread: go through the grain reference, and collapse bursts of changes into one sync.
    private void RequestSync(IDiscoveryGrain self)
    {
        if (Interlocked.Exchange(ref _syncRequested, 1) == 0)
        {
            self.Sync().ContinueWith(
                t => _logger.LogWarning(t.Exception, "Discovery sync after a change failed"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task SyncCore()
    {
        var targets = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        var failures = new List<string>();
        var dropped = 0;
        foreach (var job in _jobs)
        {
            var set = job.Targets();
            dropped += set.Dropped;
            failures.AddRange(set.Errors.Select(e => $"job {job.Job.JobName}: {e}"));
            foreach (var target in set.Targets)
            {
                targets.TryAdd(target.Key, target);
            }
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var collectors = new Dictionary<string, int>(StringComparer.Ordinal);
        var unassigned = 0;
        await Task.WhenAll(targets.Values.Select(async target =>
        {
            try
            {
                var silo = await GrainFactory.GetGrain<ITargetGrain>(target.Key).EnsureScheduled(target);
                lock (collectors)
                {
                    collectors[silo] = collectors.GetValueOrDefault(silo) + 1;
                }
            }
            catch (Exception e)
            {
                lock (failures)
                {
                    failures.Add($"{target.Key}: {e.Message}");
                    unassigned++;
                }
            }
        }));
        var jobs = targets.Values.GroupBy(t => t.ScrapeConfigName.Length > 0 ? t.ScrapeConfigName : t.Job)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Telemetry.AllocatorTelemetry.RecordSync(this.GetPrimaryKeyString(), jobs, collectors, unassigned, System.Diagnostics.Stopwatch.GetElapsedTime(started));

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
        _current = keys;
        _targets = targets.Values.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
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
