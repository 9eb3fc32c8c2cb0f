namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Creates the discoverers of a kind whose discoverer lives in a library that references this one, so the
/// kind (read with the Prometheus configuration) cannot name it; the process provides it through the
/// <see cref="DiscovererContext"/> (the Kubernetes library does so for <see cref="KubernetesSdKind"/>).
/// </summary>
public interface IDiscovererFactory<in TConfig>
    where TConfig : class
{
    ITargetDiscoverer Create(TConfig config, DiscovererContext context);
}
