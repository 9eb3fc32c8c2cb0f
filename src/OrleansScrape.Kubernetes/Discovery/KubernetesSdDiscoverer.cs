using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's <c>kubernetes_sd_configs</c> for all its roles (pod, service, endpoints, endpointslice, node, ingress): watches the objects
/// of the configured namespaces (all by default) with the configured selectors through pooled
/// <see cref="ResourceWatcher{T}"/>s and turns them into Prometheus's target groups and <c>__meta_kubernetes_*</c>
/// labels. Objects are kept as compact projections; a group is rebuilt only when its object (or the node or namespace
/// it draws metadata from) changed. A lost connection keeps the last groups and shows in <see cref="LastError"/>.
/// </summary>
public sealed class KubernetesSdDiscoverer : ITargetDiscoverer
{
    private const string PodsPath = "/api/v1/pods";
    private const string ServicesPath = "/api/v1/services";
    private const string NodesPath = "/api/v1/nodes";
    private const string NamespacesPath = "/api/v1/namespaces";
    private const string EndpointSlicesPath = "/apis/discovery.k8s.io/v1/endpointslices";
    private const string EndpointsPath = "/api/v1/endpoints";
    private const string IngressesPath = "/apis/networking.k8s.io/v1/ingresses";

    private readonly KubernetesSdConfig _config;
    private readonly KubernetesWatchPool _pool;
    private readonly MetadataFilter _filter;
    private readonly KubernetesConnection? _connection;
    private readonly Lock _build = new();
    private readonly List<IDisposable> _leases = [];
    private readonly List<Func<string?>> _errors = [];
    private readonly List<ResourceWatcher<PodInfo>> _pods = [];
    private readonly List<ResourceWatcher<ServiceInfo>> _services = [];
    private readonly List<ResourceWatcher<EndpointSliceInfo>> _slices = [];
    private readonly List<ResourceWatcher<EndpointsInfo>> _endpoints = [];
    private readonly List<ResourceWatcher<IngressInfo>> _ingresses = [];
    private readonly List<Action> _unsubscribe = [];
    private ResourceWatcher<NodeInfo>? _nodes;
    private ResourceWatcher<ObjectMetadata>? _namespaces;
    // Built groups by object key, with the inputs they were built from (compared by reference).
    private Dictionary<string, CachedGroup> _cache = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<TargetGroup> _current = [];
    private volatile string? _setupError;
    private volatile bool _ready;
    private int _started;
    private bool _disposed;

    /// <param name="config">The <c>kubernetes_sd_configs</c> entry.</param>
    /// <param name="pool">Where watches are shared with other discoverers.</param>
    /// <param name="filter">Which labels and annotations to keep; <see cref="MetadataFilter.All"/> when null.</param>
    /// <param name="connection">Overrides the connection the entry describes (tests); null resolves it from <paramref name="config"/>.</param>
    public KubernetesSdDiscoverer(KubernetesSdConfig config, KubernetesWatchPool pool, MetadataFilter? filter = null, KubernetesConnection? connection = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pool);
        _config = config;
        _pool = pool;
        _filter = filter ?? MetadataFilter.All;
        _connection = connection;
    }

    public IReadOnlyList<TargetGroup> Current => _current;

    /// <summary>Why the connection could not be set up, or the first watch's current error; null when all are healthy.</summary>
    public string? LastError
    {
        get
        {
            if (_setupError is { } setup)
            {
                return setup;
            }
            lock (_build)
            {
                return _errors.Select(e => e()).FirstOrDefault(e => e is not null);
            }
        }
    }

    public event Action? Changed;

    /// <summary>Opens (or joins) the watches and completes once each has listed once, successfully or not.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the discoverer is already started");
        }
        KubernetesConnection connection;
        try
        {
            connection = _connection ?? KubernetesConnection.From(_config);
        }
        catch (Exception e) when (e is InvalidOperationException or UriFormatException or IOException)
        {
            _setupError = $"kubernetes_sd: {e.Message}";
            return;
        }
        var starts = new List<Task>();
        lock (_build)
        {
            OpenWatches(connection, starts);
        }
        await Task.WhenAll(starts).WaitAsync(cancellationToken).ConfigureAwait(false);
        _ready = true;
        Rebuild();
    }

    public void Dispose()
    {
        lock (_build)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _unsubscribe.ForEach(u => u());
            _leases.ForEach(l => l.Dispose());
            _cache = new Dictionary<string, CachedGroup>(StringComparer.Ordinal);
            _current = [];
        }
    }

    private void OpenWatches(KubernetesConnection connection, List<Task> starts)
    {
        var namespaces = Namespaces(connection);
        switch (_config.Role)
        {
            case KubernetesSdRole.Pod:
                Watch(connection, PodsPath, namespaces, KubernetesSdRole.Pod, (e) => PodInfo.Project(e, _filter, _pool.Strings), _pods, starts);
                break;
            case KubernetesSdRole.Service:
                Watch(connection, ServicesPath, namespaces, KubernetesSdRole.Service, (e) => ServiceInfo.Project(e, _filter, _pool.Strings), _services, starts);
                break;
            case KubernetesSdRole.Node:
                _nodes = WatchNodes(connection, starts);
                break;
            case KubernetesSdRole.EndpointSlice:
                Watch(connection, EndpointSlicesPath, namespaces, KubernetesSdRole.EndpointSlice, (e) => EndpointSliceInfo.Project(e, _filter, _pool.Strings), _slices, starts);
                Watch(connection, ServicesPath, namespaces, KubernetesSdRole.Service, (e) => ServiceInfo.Project(e, _filter, _pool.Strings), _services, starts);
                Watch(connection, PodsPath, namespaces, KubernetesSdRole.Pod, (e) => PodInfo.Project(e, _filter, _pool.Strings), _pods, starts);
                break;
            case KubernetesSdRole.Endpoints:
                Watch(connection, EndpointsPath, namespaces, KubernetesSdRole.Endpoints, (e) => EndpointsInfo.Project(e, _filter, _pool.Strings), _endpoints, starts);
                Watch(connection, ServicesPath, namespaces, KubernetesSdRole.Service, (e) => ServiceInfo.Project(e, _filter, _pool.Strings), _services, starts);
                Watch(connection, PodsPath, namespaces, KubernetesSdRole.Pod, (e) => PodInfo.Project(e, _filter, _pool.Strings), _pods, starts);
                break;
            case KubernetesSdRole.Ingress:
                Watch(connection, IngressesPath, namespaces, KubernetesSdRole.Ingress, (e) => IngressInfo.Project(e, _filter, _pool.Strings), _ingresses, starts);
                break;
            default:
                _setupError = $"kubernetes_sd: role {KubernetesSdConfigReader.RoleName(_config.Role)} is not supported";
                return;
        }
        if (_config.AttachNodeMetadata && _config.Role is KubernetesSdRole.Pod or KubernetesSdRole.EndpointSlice or KubernetesSdRole.Endpoints)
        {
            _nodes = WatchNodes(connection, starts);
        }
        if (_config.AttachNamespaceMetadata && _config.Role != KubernetesSdRole.Node)
        {
            var lease = _pool.Acquire(connection, NamespacesPath, null, null, null, _filter.Key, e => ObjectMetadata.Read(e, "namespace", _filter, _pool.Strings));
            _namespaces = Track(lease, starts);
        }
    }

    // Prometheus: the configured names plus the own namespace; none configured means all namespaces (null).
    private List<string?> Namespaces(KubernetesConnection connection)
    {
        var names = _config.Namespaces.Select(n => (string?)n).ToList();
        if (_config.OwnNamespace && connection.OwnNamespace is { } own)
        {
            names.Add(own);
        }
        return names.Count == 0 ? [null] : names.Distinct().ToList();
    }

    private void Watch<T>(KubernetesConnection connection, string path, List<string?> namespaces, KubernetesSdRole selectorRole, Func<System.Text.Json.JsonElement, T?> project, List<ResourceWatcher<T>> into, List<Task> starts)
    {
        var selector = _config.Selectors.FirstOrDefault(s => s.Role == selectorRole);
        foreach (var ns in namespaces)
        {
            into.Add(Track(_pool.Acquire(connection, path, ns, selector?.Label, selector?.Field, _filter.Key, project), starts));
        }
    }

    private ResourceWatcher<NodeInfo> WatchNodes(KubernetesConnection connection, List<Task> starts)
    {
        var selector = _config.Selectors.FirstOrDefault(s => s.Role == KubernetesSdRole.Node);
        return Track(_pool.Acquire(connection, NodesPath, null, selector?.Label, selector?.Field, _filter.Key, e => NodeInfo.Project(e, _filter, _pool.Strings)), starts);
    }

    private ResourceWatcher<T> Track<T>(WatchLease<T> lease, List<Task> starts)
    {
        _leases.Add(lease);
        var watcher = lease.Watcher;
        Action handler = OnSourceChanged;
        watcher.Changed += handler;
        _unsubscribe.Add(() => watcher.Changed -= handler);
        _errors.Add(() => watcher.LastError);
        starts.Add(watcher.StartAsync(CancellationToken.None));
        return watcher;
    }

    private void OnSourceChanged()
    {
        if (_ready)
        {
            Rebuild();
        }
    }

    private void Rebuild()
    {
        bool changed;
        lock (_build)
        {
            if (_disposed)
            {
                return;
            }
            var nodes = _nodes?.Current;
            var namespaces = _namespaces?.Current;
            var cache = new Dictionary<string, CachedGroup>(_cache.Count, StringComparer.Ordinal);
            var groups = new List<TargetGroup>(_current.Count);
            switch (_config.Role)
            {
                case KubernetesSdRole.Pod:
                    foreach (var (key, pod) in _pods.SelectMany(w => w.Current))
                    {
                        var node = _config.AttachNodeMetadata && nodes is not null ? nodes.GetValueOrDefault(pod.NodeName) : null;
                        var ns = namespaces?.GetValueOrDefault(pod.Metadata.Namespace);
                        Add(key, pod, [node, ns], () => WithNamespaceMetadata(PodTargets.Build(pod, node), ns), cache, groups);
                    }
                    break;
                case KubernetesSdRole.Service:
                    foreach (var (key, service) in _services.SelectMany(w => w.Current))
                    {
                        var ns = namespaces?.GetValueOrDefault(service.Metadata.Namespace);
                        Add(key, service, [ns], () => WithNamespaceMetadata(ServiceTargets.Build(service), ns), cache, groups);
                    }
                    break;
                case KubernetesSdRole.Ingress:
                    foreach (var (key, ingress) in _ingresses.SelectMany(w => w.Current))
                    {
                        var ns = namespaces?.GetValueOrDefault(ingress.Metadata.Namespace);
                        Add(key, ingress, [ns], () => WithNamespaceMetadata(IngressTargets.Build(ingress), ns), cache, groups);
                    }
                    break;
                case KubernetesSdRole.Node:
                    foreach (var (key, node) in nodes ?? new Dictionary<string, NodeInfo>())
                    {
                        Add(key, node, [], () => NodeTargets.Build(node), cache, groups);
                    }
                    break;
                case KubernetesSdRole.EndpointSlice or KubernetesSdRole.Endpoints:
                    BuildEndpoints(nodes, namespaces, cache, groups);
                    break;
            }
            _cache = cache;
            changed = groups.Count != _current.Count || groups.Where((g, i) => !ReferenceEquals(g, _current[i])).Any();
            if (changed)
            {
                _current = groups;
            }
        }
        if (changed)
        {
            try
            {
                Changed?.Invoke();
            }
            catch (Exception)
            {
                // A failing subscriber must not stop discovery; it reads Current on the next change.
            }
        }
    }

    // Endpoints and slices draw on services, pods and nodes too: a group is rebuilt when the object or any object it
    // refers to changed (compared by reference), so a pod event does not rebuild every slice.
    private void BuildEndpoints(IReadOnlyDictionary<string, NodeInfo>? nodes, IReadOnlyDictionary<string, ObjectMetadata>? namespaces, Dictionary<string, CachedGroup> cache, List<TargetGroup> groups)
    {
        var services = _services.Select(w => w.Current).ToList();
        var pods = _pods.Select(w => w.Current).ToList();
        ServiceInfo? Service(string ns, string name) => services.Select(s => s.GetValueOrDefault($"{ns}/{name}")).FirstOrDefault(s => s is not null);
        PodInfo? Pod(string ns, string name) => pods.Select(p => p.GetValueOrDefault($"{ns}/{name}")).FirstOrDefault(p => p is not null);
        Func<string, NodeInfo?>? node = _config.AttachNodeMetadata && nodes is not null ? name => nodes.GetValueOrDefault(name) : null;
        object?[] Dependencies(string ns, IEnumerable<ObjectReference> references) =>
            [namespaces?.GetValueOrDefault(ns), .. references.Select<ObjectReference, object?>(r => r.Kind switch
            {
                "Service" => Service(r.Namespace, r.Name),
                "Pod" => Pod(r.Namespace, r.Name),
                "Node" => node?.Invoke(r.Name),
                _ => null,
            })];
        foreach (var (key, slice) in _slices.SelectMany(w => w.Current))
        {
            var dependencies = Dependencies(slice.Metadata.Namespace, slice.References());
            Add(key, slice, dependencies, () => WithNamespaceMetadata(EndpointSliceTargets.Build(slice, Service, Pod, node), (ObjectMetadata?)dependencies[0]), cache, groups);
        }
        foreach (var (key, endpoints) in _endpoints.SelectMany(w => w.Current))
        {
            var dependencies = Dependencies(endpoints.Metadata.Namespace, endpoints.References());
            Add(key, endpoints, dependencies, () => WithNamespaceMetadata(EndpointsTargets.Build(endpoints, Service, Pod, node), (ObjectMetadata?)dependencies[0]), cache, groups);
        }
    }

    private void Add(string key, object source, object?[] dependencies, Func<TargetGroup?> build, Dictionary<string, CachedGroup> cache, List<TargetGroup> groups)
    {
        if (!_cache.TryGetValue(key, out var cached) || !ReferenceEquals(cached.Source, source) || !SameReferences(cached.Dependencies, dependencies))
        {
            cached = new CachedGroup(source, dependencies, build());
        }
        cache[key] = cached;
        if (cached.Group is not null)
        {
            groups.Add(cached.Group);
        }
    }

    private static bool SameReferences(object?[] a, object?[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }

    // attach_metadata.namespace: the namespace's labels and annotations on every group of its objects.
    private static TargetGroup? WithNamespaceMetadata(TargetGroup? group, ObjectMetadata? ns)
    {
        if (group is null || ns is null || group.Targets.Count == 0)
        {
            return group;
        }
        var labels = new Dictionary<string, string>(group.Labels, StringComparer.Ordinal);
        ObjectMetadata.AddPairs(labels, ns.Labels);
        return group with { Labels = new LabelMap(labels) };
    }

    private sealed record CachedGroup(object Source, object?[] Dependencies, TargetGroup? Group);
}
