using Microsoft.Extensions.Hosting;

namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary>
/// Running from the moment every hosted service (the silo among them) has started until shutdown
/// begins: the Collector's health_check turns ready once all components started and unavailable when
/// shutdown starts.
/// </summary>
public sealed class HostLifetimePipelineHealth : IPipelineHealth
{
    private readonly IHostApplicationLifetime _lifetime;

    public HostLifetimePipelineHealth(IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
    }

    public bool IsRunning => _lifetime.ApplicationStarted.IsCancellationRequested && !_lifetime.ApplicationStopping.IsCancellationRequested;
}
