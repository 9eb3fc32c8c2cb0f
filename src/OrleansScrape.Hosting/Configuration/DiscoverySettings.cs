using OrleansScrape.Grains.Allocation;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Kubernetes.Operator.Selection;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>The <c>discovery</c> section: the Target Allocator's allocation and custom-resource keys, and the discovery shards.</summary>
public sealed record DiscoverySettings
{
    /// <summary><c>allocation_strategy</c>; consistent-hashing unless configured.</summary>
    public AllocationStrategy AllocationStrategy { get; init; } = AllocationStrategy.ConsistentHashing;

    /// <summary><c>prometheus_cr</c>: which Prometheus Operator resources are discovered; null when the key is absent.</summary>
    public PrometheusCrSettings? PrometheusCr { get; init; }

    /// <summary><c>api_server</c>: the Kubernetes API server custom resources are read from (and generated jobs discover with); in-cluster when null.</summary>
    public string? ApiServer { get; init; }

    /// <summary><c>kubeconfig_file</c>: take the server and credentials from a kubeconfig instead.</summary>
    public string? KubeconfigFile { get; init; }

    /// <summary><c>shards</c>: discovery grains by namespace; only the default shard when absent.</summary>
    public DiscoveryShardLayout Shards { get; init; } = DiscoveryShardLayout.Single;
}
