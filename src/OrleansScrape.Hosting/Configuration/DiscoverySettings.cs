using OrleansScrape.Grains.Allocation;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Selection;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>The <c>discovery</c> section: the Target Allocator's allocation and custom-resource keys, and the discovery shards.</summary>
public sealed record DiscoverySettings
{
    /// <summary>The Target Allocator's default <c>collector_not_ready_grace_period</c>.</summary>
    public static readonly TimeSpan DefaultCollectorNotReadyGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary><c>allocation_strategy</c>; consistent-hashing unless configured.</summary>
    public AllocationStrategy AllocationStrategy { get; init; } = AllocationStrategy.ConsistentHashing;

    /// <summary>
    /// <c>collector_selector</c>: the collector pods the Target Allocator allocates to; null when absent
    /// (upstream: no collector). Validated and kept; targets go to the cluster's scraper silos, so it
    /// selects nothing yet.
    /// </summary>
    public LabelSelector? CollectorSelector { get; init; }

    /// <summary><c>collector_namespace</c>: the namespace of those pods; null when absent or empty. Kept, no effect yet.</summary>
    public string? CollectorNamespace { get; init; }

    /// <summary><c>collector_not_ready_grace_period</c>: how long an un-ready collector pod keeps its targets (30s). Kept, no effect yet.</summary>
    public TimeSpan CollectorNotReadyGracePeriod { get; init; } = DefaultCollectorNotReadyGracePeriod;

    /// <summary><c>prometheus_cr</c>: which Prometheus Operator resources are discovered; null when the key is absent.</summary>
    public PrometheusCrSettings? PrometheusCr { get; init; }

    /// <summary><c>api_server</c>: the Kubernetes API server custom resources are read from (and generated jobs discover with); in-cluster when null.</summary>
    public string? ApiServer { get; init; }

    /// <summary><c>kubeconfig_file</c> (or the Target Allocator's <c>kube_config_file_path</c>): take the server and credentials from a kubeconfig instead.</summary>
    public string? KubeconfigFile { get; init; }

    /// <summary><c>shards</c>: discovery grains by namespace; only the default shard when absent.</summary>
    public DiscoveryShardLayout Shards { get; init; } = DiscoveryShardLayout.Single;

    /// <summary><c>config.scrape_configs</c>: the allocator's own jobs, scraped besides the receivers' (they feed the pipelines of generated jobs).</summary>
    public Prometheus.Configuration.PrometheusConfig? AllocatorJobs { get; init; }
}
