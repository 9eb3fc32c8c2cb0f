using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Hosting.TargetAllocator;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// Keeps the discovery grain of every configured shard alive from every silo: if the silo hosting
/// one dies, the next poll from any other silo activates it again. Also feeds readiness, which waits
/// for all shards.
/// </summary>
internal sealed class DiscoveryKeeper : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly ShardedDiscovery _shards;
    private readonly ScrapeReadiness _readiness;
    private readonly ILogger<DiscoveryKeeper> _logger;

    public DiscoveryKeeper(IGrainFactory grains, DiscoverySources sources, ScrapeReadiness readiness, ILogger<DiscoveryKeeper> logger)
    {
        _shards = new ShardedDiscovery(grains, sources.Shards);
        _readiness = readiness;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var statuses = await _shards.StatusesAsync();
                var status = ShardedDiscovery.Combine(statuses);
                var waiting = statuses.Where(s => !s.Status.Loaded).Select(s => s.Shard).ToList();
                _readiness.Set(status.Loaded, status.Loaded
                    ? $"discovery loaded {status.Targets} targets" + (statuses.Count > 1 ? $" in {statuses.Count} shards" : "") + (status.LastError is null ? "" : $"; last error: {status.LastError}")
                    : statuses.Count == 1 ? "discovery has not loaded its targets yet" : $"discovery shards {string.Join(", ", waiting)} have not loaded their targets yet");
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _readiness.Set(false, $"discovery is unavailable: {e.Message}");
                _logger.LogDebug(e, "Discovery poll failed");
            }
            try
            {
                await Task.Delay(_readiness.IsReady ? Poll : TimeSpan.FromMilliseconds(500), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
