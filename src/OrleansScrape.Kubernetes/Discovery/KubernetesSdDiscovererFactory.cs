using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// The discoverer side of <see cref="KubernetesSdKind"/>: the kind is read with the Prometheus configuration,
/// which cannot reference this library, so a process that runs Kubernetes discovery provides this factory in
/// the <see cref="DiscovererContext"/>. Its discoverers share the process's watches.
/// </summary>
public sealed class KubernetesSdDiscovererFactory : IDiscovererFactory<KubernetesSdConfig>
{
    private readonly KubernetesWatchPool _pool;
    private readonly MetadataFilter _metadata;

    /// <param name="metadata">Which labels and annotations the discoverers keep; <see cref="MetadataFilter.All"/> when null.</param>
    public KubernetesSdDiscovererFactory(KubernetesWatchPool pool, MetadataFilter? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        _metadata = metadata ?? MetadataFilter.All;
    }

    public ITargetDiscoverer Create(KubernetesSdConfig config, DiscovererContext context) => new KubernetesSdDiscoverer(config, _pool, _metadata);
}
