using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Processing.KubernetesAttributes;

namespace OrleansScrape.Kubernetes.Enrichment;

/// <summary>
/// Keeps a <see cref="PodMetadataIndex"/> equal to the pods (and namespaces) of the cluster, by
/// list+watch, as upstream's k8sattributes processor keeps its pod cache. A lost connection keeps
/// what the index holds; the watchers resume and the index converges again.
/// </summary>
public sealed class PodIndexFeeder : IDisposable
{
    private const string PodsPath = "/api/v1/pods";
    private const string NamespacesPath = "/api/v1/namespaces";

    private readonly PodMetadataIndex _index;
    private readonly ResourceWatcher<PodMetadata> _pods;
    private readonly ResourceWatcher<NamespaceMetadata> _namespaces;
    private readonly Lock _apply = new();
    private Dictionary<string, PodMetadata> _applied = new(StringComparer.Ordinal);
    private Dictionary<string, NamespaceMetadata> _appliedNamespaces = new(StringComparer.Ordinal);

    /// <param name="namespace">Watch only this namespace's pods (k8sattributes' <c>filter.namespace</c>); all when null.</param>
    public PodIndexFeeder(KubernetesApiClient client, PodMetadataIndex index, string? @namespace = null, string? nodeName = null, ResourceWatcherOptions? options = null)
    {
        _index = index;
        // A node filter is a field selector the API server applies, as upstream's filter.node does.
        var fieldSelector = string.IsNullOrEmpty(nodeName) ? null : $"spec.nodeName={nodeName}";
        _pods = new ResourceWatcher<PodMetadata>(client, PodsPath, @namespace, null, fieldSelector, PodMetadataProjection.Pod, options);
        _namespaces = new ResourceWatcher<NamespaceMetadata>(client, NamespacesPath, null, null, null, PodMetadataProjection.Namespace, options);
        _pods.Changed += Apply;
        _namespaces.Changed += Apply;
    }

    public string? LastError => _pods.LastError ?? _namespaces.LastError;

    public bool Synced => _pods.Synced && _namespaces.Synced;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_pods.StartAsync(cancellationToken), _namespaces.StartAsync(cancellationToken));
        Apply();
    }

    public void Dispose()
    {
        _pods.Changed -= Apply;
        _namespaces.Changed -= Apply;
        _pods.Dispose();
        _namespaces.Dispose();
    }

    // Applies the difference between the watchers' view and what the index was last given.
    private void Apply()
    {
        lock (_apply)
        {
            var pods = new Dictionary<string, PodMetadata>(_pods.Current, StringComparer.Ordinal);
            foreach (var (key, pod) in pods)
            {
                if (!_applied.TryGetValue(key, out var old) || !ReferenceEquals(old, pod))
                {
                    if (old is not null && (old.Namespace != pod.Namespace || old.Name != pod.Name))
                    {
                        _index.Remove(old.Namespace, old.Name);
                    }
                    _index.AddOrUpdate(pod);
                }
            }
            foreach (var (key, old) in _applied)
            {
                if (!pods.ContainsKey(key))
                {
                    _index.Remove(old.Namespace, old.Name);
                }
            }
            _applied = pods;

            var namespaces = new Dictionary<string, NamespaceMetadata>(_namespaces.Current, StringComparer.Ordinal);
            foreach (var (key, ns) in namespaces)
            {
                if (!_appliedNamespaces.TryGetValue(key, out var old) || !ReferenceEquals(old, ns))
                {
                    _index.SetNamespace(ns);
                }
            }
            foreach (var (key, old) in _appliedNamespaces)
            {
                if (!namespaces.ContainsKey(key))
                {
                    _index.RemoveNamespace(old.Name);
                }
            }
            _appliedNamespaces = namespaces;
        }
    }
}
