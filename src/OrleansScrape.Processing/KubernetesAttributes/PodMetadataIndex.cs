using System.Collections.Concurrent;

namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>
/// The pods (and namespaces) a gateway silo knows, indexed by uid, by IP and by namespace and
/// name. Writers (a pod watcher, discovery) and readers (series grains) run concurrently: the
/// maps are concurrent and a pod is replaced as a whole, never mutated.
/// </summary>
public sealed class PodMetadataIndex : IPodMetadataSource
{
    // The primary map is by namespace/name; uid and ip map to the same record.
    private readonly ConcurrentDictionary<(string Namespace, string Name), PodMetadata> _byName = new();
    private readonly ConcurrentDictionary<string, PodMetadata> _byUid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodMetadata> _byIp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NamespaceMetadata> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();

    public int Count => _byName.Count;

    public string? ClusterUid { get; set; }

    /// <summary>Adds a pod or replaces the one of the same namespace and name.</summary>
    public void AddOrUpdate(PodMetadata pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_writeLock)
        {
            if (_byName.TryGetValue((pod.Namespace, pod.Name), out var old))
            {
                RemoveSecondary(old);
            }
            _byName[(pod.Namespace, pod.Name)] = pod;
            if (pod.Uid.Length > 0)
            {
                _byUid[pod.Uid] = pod;
            }
            if (pod.Ip.Length > 0)
            {
                // Host-network pods share their node's IP: the newest one wins, as upstream's IP map does.
                _byIp[pod.Ip] = pod;
            }
        }
    }

    public bool Remove(string @namespace, string name)
    {
        lock (_writeLock)
        {
            if (!_byName.TryRemove((@namespace, name), out var old))
            {
                return false;
            }
            RemoveSecondary(old);
            return true;
        }
    }

    public void SetNamespace(NamespaceMetadata metadata) => _namespaces[metadata.Name] = metadata;

    public bool RemoveNamespace(string name) => _namespaces.TryRemove(name, out _);

    public PodMetadata? FindByIp(string ip) => _byIp.TryGetValue(ip, out var pod) ? pod : null;

    public PodMetadata? FindByUid(string uid) => _byUid.TryGetValue(uid, out var pod) ? pod : null;

    public PodMetadata? FindByName(string @namespace, string name) => _byName.TryGetValue((@namespace, name), out var pod) ? pod : null;

    public NamespaceMetadata? FindNamespace(string name) => _namespaces.TryGetValue(name, out var ns) ? ns : null;

    private void RemoveSecondary(PodMetadata old)
    {
        // Only entries that still point at the old record: another pod may have taken its IP since.
        if (old.Uid.Length > 0)
        {
            _byUid.TryRemove(new KeyValuePair<string, PodMetadata>(old.Uid, old));
        }
        if (old.Ip.Length > 0)
        {
            _byIp.TryRemove(new KeyValuePair<string, PodMetadata>(old.Ip, old));
        }
    }
}
