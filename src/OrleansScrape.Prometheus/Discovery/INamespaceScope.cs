namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// What one discovery shard owns, as a per-namespace kind restricts its entries to it: a set of namespaces,
/// or for the default shard every namespace no other shard lists, and all discovery that is not per namespace.
/// </summary>
public interface INamespaceScope
{
    /// <summary>True for the default shard.</summary>
    bool OwnsNonNamespaced { get; }

    /// <summary>The namespaces of a listed shard, sorted; empty for the default shard, which owns all but other shards' ones.</summary>
    IReadOnlyList<string> OwnedNamespaces { get; }

    bool Owns(string ns);
}
