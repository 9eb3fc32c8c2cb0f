using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Abstractions.Grains;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// Keeps the discovery grain of the default shard alive from every silo: if the silo hosting
/// it dies, the next poll from any other silo activates it again. Also feeds readiness.
/// </summary>
internal sealed class DiscoveryKeeper : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly IGrainFactory _grains;
    private readonly ScrapeReadiness _readiness;
    private readonly ILogger<DiscoveryKeeper> _logger;

    public DiscoveryKeeper(IGrainFactory grains, ScrapeReadiness readiness, ILogger<DiscoveryKeeper> logger)
    {
        _grains = grains;
        _readiness = readiness;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var status = await _grains.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
                _readiness.Set(status.Loaded, status.Loaded
                    ? $"discovery loaded {status.Targets} targets" + (status.LastError is null ? "" : $"; last error: {status.LastError}")
                    : "discovery has not loaded its targets yet");
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
