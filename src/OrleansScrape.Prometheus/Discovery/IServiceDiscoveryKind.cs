using System.Text.Json.Nodes;
using OrleansScrape.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// One service discovery mechanism (<c>file</c>, <c>http</c>, <c>kubernetes</c> ...): how its
/// <c>&lt;name&gt;_sd_configs</c> entries are read, shown, divided among discovery shards and run.
/// Implement it through <see cref="ServiceDiscoveryKind{TConfig}"/> and list it in a
/// <see cref="DiscoveryKindRegistry"/>; callers hold entries as <see cref="ServiceDiscoveryConfig"/>.
/// </summary>
public interface IServiceDiscoveryKind
{
    /// <summary>The name, as in Prometheus: lower-case letters and digits (<c>file</c>, <c>kubernetes</c>).</summary>
    string Name { get; }

    /// <summary>The scrape config key of its entries, <c>&lt;name&gt;_sd_configs</c> (<see cref="DiscoveryKindRegistry.KeyOf"/>).</summary>
    string Key { get; }

    /// <summary>
    /// True when what it discovers lives in namespaces, so every discovery shard runs its entries
    /// (<see cref="Restrict"/>) and keeps the groups of its own namespaces (<see cref="NamespaceOf"/>);
    /// false when the default shard alone runs them.
    /// </summary>
    bool PerNamespace { get; }

    /// <summary>Reads one entry of its list; refuses what is invalid, unknown keys included, with the entry's position.</summary>
    /// <param name="baseDirectory">The configuration file's directory, for relative paths.</param>
    ServiceDiscoveryConfig Read(YamlMappingReader entry, string baseDirectory);

    /// <summary>Creates the discoverer of one of its entries.</summary>
    ITargetDiscoverer CreateDiscoverer(ServiceDiscoveryConfig entry, DiscovererContext context);

    /// <summary>The entry as <c>/scrape_configs</c> shows it: Prometheus's YAML field names, secrets redacted.</summary>
    JsonObject Render(ServiceDiscoveryConfig entry);

    /// <summary>The part of an entry of a per-namespace kind that a shard watches, or null when it owns none of it.</summary>
    ServiceDiscoveryConfig? Restrict(ServiceDiscoveryConfig entry, INamespaceScope scope);

    /// <summary>The namespace a group of a per-namespace kind belongs to; null for a group outside namespaces (the default shard's).</summary>
    string? NamespaceOf(TargetGroup group);
}
