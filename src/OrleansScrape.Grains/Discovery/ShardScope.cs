using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// What one discovery shard owns (<see cref="DiscoveryShardLayout"/>): a set of namespaces, or for the
/// default shard every namespace but those of other shards plus all discovery that is not per namespace.
/// Each shard runs the Kubernetes part of every job restricted to its namespaces, so the shards' target
/// sets are disjoint and together equal the unsharded set.
/// </summary>
public sealed class ShardScope
{
    /// <summary>The scope of an unsharded configuration: everything.</summary>
    public static readonly ShardScope Everything = ForDefault(new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The scope of a shard that is not configured.</summary>
    internal static readonly ShardScope Nothing = new(isDefault: false, new HashSet<string>(StringComparer.Ordinal));

    // The owned namespaces of a listed shard; the namespaces of other shards for the default shard.
    private readonly HashSet<string> _namespaces;

    private ShardScope(bool isDefault, HashSet<string> namespaces)
    {
        OwnsNonNamespaced = isDefault;
        _namespaces = namespaces;
    }

    /// <summary>True for the default shard: static configs, file_sd, http_sd and the node role are discovered here only.</summary>
    public bool OwnsNonNamespaced { get; }

    /// <summary>True when this scope owns everything (the default shard with no other shard), so nothing needs filtering.</summary>
    public bool IsEverything => OwnsNonNamespaced && _namespaces.Count == 0;

    public static ShardScope For(IEnumerable<string> namespaces) => new(isDefault: false, namespaces.ToHashSet(StringComparer.Ordinal));

    public static ShardScope ForDefault(IEnumerable<string> otherShardsNamespaces) => new(isDefault: true, otherShardsNamespaces.ToHashSet(StringComparer.Ordinal));

    public bool Owns(string ns) => OwnsNonNamespaced ? !_namespaces.Contains(ns) : _namespaces.Contains(ns);

    /// <summary>
    /// The part of a <c>kubernetes_sd_configs</c> entry this shard watches, or null when it owns none of it.
    /// Explicit namespaces are intersected with the shard's; "all namespaces" becomes the shard's namespaces,
    /// except in the default shard, which watches all of them and drops other shards' objects (<see cref="Keeps"/>),
    /// since a watch cannot exclude namespaces.
    /// </summary>
    public KubernetesSdConfig? Restrict(KubernetesSdConfig config)
    {
        if (IsEverything)
        {
            return config;
        }
        if (config.Role == KubernetesSdRole.Node)
        {
            return OwnsNonNamespaced ? config : null;
        }
        var all = config.Namespaces.Count == 0 && !config.OwnNamespace;
        if (all)
        {
            return OwnsNonNamespaced ? config : _namespaces.Count == 0 ? null : config with { Namespaces = _namespaces.Order(StringComparer.Ordinal).ToList() };
        }
        // The own namespace is only known once connected: it stays watched, and Keeps drops it when it is not owned.
        var names = config.Namespaces.Where(Owns).ToList();
        return names.Count == 0 && !config.OwnNamespace ? null : config with { Namespaces = names };
    }

    /// <summary>Whether a group of a Kubernetes discoverer belongs to this shard, by its namespace label (none: the default shard's).</summary>
    public bool Keeps(TargetGroup group) =>
        IsEverything || (group.Labels.TryGetValue(MetaLabels.Namespace, out var ns) ? Owns(ns) : OwnsNonNamespaced);
}
