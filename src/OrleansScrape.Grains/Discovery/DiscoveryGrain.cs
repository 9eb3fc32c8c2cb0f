using Microsoft.Extensions.Logging;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// Computes the target set of its shard from the configured service discovery and keeps one
/// target grain scheduled per target. Re-sending every target each sync is cheap (an unchanged
/// target is a no-op) and brings back the targets of a silo that died.
/// </summary>
public sealed class DiscoveryGrain : Grain, IDiscoveryGrain
{
    /// <summary>How often the target set is recomputed and re-sent.</summary>
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    private readonly PrometheusConfig _config;
    private readonly ILogger<DiscoveryGrain> _logger;
    private HashSet<string> _current = new(StringComparer.Ordinal);
    private DiscoveryStatus _status = new();

    public DiscoveryGrain(PrometheusConfig config, ILogger<DiscoveryGrain> logger)
    {
        _config = config;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => SyncCore(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = SyncPeriod,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public async Task<DiscoveryStatus> Sync()
    {
        await SyncCore();
        return _status;
    }

    public Task<DiscoveryStatus> GetStatus() => Task.FromResult(_status);

    private async Task SyncCore()
    {
        var targets = StaticDiscovery.Targets(_config);
        var keys = targets.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();

        await Task.WhenAll(targets.Select(async target =>
        {
            try
            {
                await GrainFactory.GetGrain<ITargetGrain>(target.Key).EnsureScheduled(target);
            }
            catch (Exception e)
            {
                lock (failures)
                {
                    failures.Add($"{target.Key}: {e.Message}");
                }
            }
        }));

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
        _status = new DiscoveryStatus
        {
            Loaded = true,
            Targets = targets.Count,
            TargetKeys = targets.Select(t => t.Key).Order(StringComparer.Ordinal).ToList(),
            LastSync = DateTimeOffset.UtcNow,
            LastError = failures.Count == 0 ? null : string.Join("; ", failures.Take(5)) + (failures.Count > 5 ? $" (and {failures.Count - 5} more)" : ""),
        };
        if (failures.Count > 0)
        {
            _logger.LogWarning("Discovery could not schedule {Count} of {Total} targets: {Error}", failures.Count, targets.Count, _status.LastError);
        }
        else if (first)
        {
            _logger.LogInformation("Discovery loaded {Count} targets", targets.Count);
        }
    }
}
