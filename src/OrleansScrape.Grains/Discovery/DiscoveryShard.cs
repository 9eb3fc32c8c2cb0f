namespace OrleansScrape.Grains.Discovery;

/// <summary>One entry of <c>discovery.shards</c>: a discovery grain that owns the Kubernetes objects of these namespaces.</summary>
/// <param name="Name">The shard's grain key.</param>
/// <param name="Namespaces">The namespaces it owns; the default shard may list none (it owns every unlisted namespace anyway).</param>
public sealed record DiscoveryShard(string Name, IReadOnlyList<string> Namespaces);
