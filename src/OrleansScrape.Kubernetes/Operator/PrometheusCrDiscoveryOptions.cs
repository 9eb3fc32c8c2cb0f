using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Kubernetes.Operator;

/// <summary>Timing of <see cref="PrometheusCrDiscovery"/>: how often referenced Secrets are read again, the clock, and the watchers' options.</summary>
public sealed record PrometheusCrDiscoveryOptions
{
    /// <summary>How often the Secrets and ConfigMaps the resources refer to are read again; a changed value rebuilds the scrape configs.</summary>
    public TimeSpan SecretRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The shortest time between two rebuilds caused by watch events; events within it are coalesced
    /// into one rebuild (the Target Allocator waits 5s the same way).
    /// </summary>
    public TimeSpan MinRebuildInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ResourceWatcherOptions? WatcherOptions { get; init; }

    /// <summary>
    /// The <c>api_server</c> given to generated kubernetes_sd_configs that name none (as the Target
    /// Allocator gives them its own kubeconfig); null leaves them on in-cluster credentials.
    /// </summary>
    public string? KubernetesSdApiServer { get; init; }

    /// <summary>The <c>kubeconfig_file</c> given to generated kubernetes_sd_configs that name no server; exclusive with <see cref="KubernetesSdApiServer"/>.</summary>
    public string? KubernetesSdKubeconfigFile { get; init; }
}
