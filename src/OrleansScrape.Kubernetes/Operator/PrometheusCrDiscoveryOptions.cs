using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Kubernetes.Operator;

/// <summary>Timing of <see cref="PrometheusCrDiscovery"/>: how often referenced Secrets are read again, the clock, and the watchers' options.</summary>
public sealed record PrometheusCrDiscoveryOptions
{
    /// <summary>How often the Secrets and ConfigMaps the resources refer to are read again; a changed value rebuilds the scrape configs.</summary>
    public TimeSpan SecretRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ResourceWatcherOptions? WatcherOptions { get; init; }
}
