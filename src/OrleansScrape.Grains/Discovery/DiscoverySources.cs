using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Kubernetes.Operator;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// What a silo offers its discovery grains: the configuration file's jobs, the HTTP clients of
/// http_sd, the silo's shared Kubernetes watches, and (when <c>discovery.prometheus_cr</c> is
/// enabled) a way to start watching Prometheus Operator resources, and the shard layout. It composes
/// what the discovery kinds' factories get (<see cref="ContextFor"/>).
/// </summary>
public sealed class DiscoverySources
{
    public DiscoverySources(
        PrometheusConfig config,
        ScrapeHttpClients httpClients,
        KubernetesWatchPool kubernetes,
        Func<PrometheusCrDiscovery>? customResources = null,
        DiscoveryShardLayout? shards = null)
    {
        Shards = shards ?? DiscoveryShardLayout.Single;
        Config = config;
        HttpClients = httpClients;
        Kubernetes = kubernetes;
        CustomResources = customResources;
    }

    public PrometheusConfig Config { get; }

    public ScrapeHttpClients HttpClients { get; }

    public KubernetesWatchPool Kubernetes { get; }

    /// <summary>Creates the discovery of ServiceMonitors, PodMonitors and ScrapeConfigs; null when it is not configured.</summary>
    public Func<PrometheusCrDiscovery>? CustomResources { get; }

    /// <summary>The discovery shards (<c>discovery.shards</c>): which grain discovers which namespaces.</summary>
    public DiscoveryShardLayout Shards { get; }

    /// <summary>
    /// What the discovery kinds create a job's discoverers from: the HTTP clients, and the Kubernetes discoverers
    /// over the shared watches, keeping the labels and annotations <paramref name="metadata"/> keeps.
    /// </summary>
    public DiscovererContext ContextFor(ScrapeConfig job, MetadataFilter metadata) =>
        new(job, HttpClients, [new KubernetesSdDiscovererFactory(Kubernetes, metadata)]);
}
