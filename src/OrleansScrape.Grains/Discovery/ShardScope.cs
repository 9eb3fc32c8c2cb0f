using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// What one discovery shard owns (<see cref="DiscoveryShardLayout"/>): a set of namespaces, or for the
/// default shard every namespace but those of other shards plus all discovery that is not per namespace.
/// Each shard runs the per-namespace part of every job (<see cref="IServiceDiscoveryKind.PerNamespace"/>)
/// restricted to its namespaces, so the shards' target sets are disjoint and together equal the unsharded set.
/// </summary>
public sealed class ShardScope : INamespaceScope
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
        OwnedNamespaces = isDefault ? [] : namespaces.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>True for the default shard: static configs, discovery that is not per namespace and the node role are discovered here only.</summary>
    public bool OwnsNonNamespaced { get; }

    /// <summary>True when this scope owns everything (the default shard with no other shard), so nothing needs filtering.</summary>
    public bool IsEverything => OwnsNonNamespaced && _namespaces.Count == 0;

    public IReadOnlyList<string> OwnedNamespaces { get; }

    public static ShardScope For(IEnumerable<string> namespaces) => new(isDefault: false, namespaces.ToHashSet(StringComparer.Ordinal));

    public static ShardScope ForDefault(IEnumerable<string> otherShardsNamespaces) => new(isDefault: true, otherShardsNamespaces.ToHashSet(StringComparer.Ordinal));

    public bool Owns(string ns) => OwnsNonNamespaced ? !_namespaces.Contains(ns) : _namespaces.Contains(ns);

    /// <summary>
    /// The part of a service discovery entry this shard runs, or null when it owns none of it: all of it when the
    /// scope owns everything, an entry of a kind that is not per namespace in the default shard only, and an entry
    /// of a per-namespace kind as its kind restricts it (<see cref="IServiceDiscoveryKind.Restrict"/>).
    /// </summary>
    public ServiceDiscoveryConfig? Restrict(ServiceDiscoveryConfig entry)
    {
        if (IsEverything)
        {
            return entry;
        }
        if (!entry.Kind.PerNamespace)
        {
            return OwnsNonNamespaced ? entry : null;
        }
        return entry.Kind.Restrict(entry, this);
    }

    /// <summary>
    /// Whether a group of a discoverer of <paramref name="kind"/> belongs to this shard: a per-namespace kind's by its
    /// namespace (none: the default shard's), since the default shard watches all namespaces; any other kind's always,
    /// as only the default shard runs it.
    /// </summary>
    public bool Keeps(IServiceDiscoveryKind kind, TargetGroup group) =>
        IsEverything || !kind.PerNamespace || (kind.NamespaceOf(group) is { } ns ? Owns(ns) : OwnsNonNamespaced);
}
