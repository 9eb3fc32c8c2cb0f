using System.Text.Json.Nodes;
using OrleansScrape.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// The base of a discovery kind whose entries are <typeparamref name="TConfig"/>: a kind writes its
/// members typed and this class gives them to registries and callers as <see cref="IServiceDiscoveryKind"/>.
/// How to add one: see <see cref="DiscoveryKindRegistry"/>.
/// </summary>
public abstract class ServiceDiscoveryKind<TConfig> : IServiceDiscoveryKind
    where TConfig : class
{
    public abstract string Name { get; }

    public string Key => DiscoveryKindRegistry.KeyOf(Name);

    public virtual bool PerNamespace => false;

    /// <summary>Reads one entry; its keys that this leaves unread are refused afterwards.</summary>
    protected abstract TConfig Read(YamlMappingReader entry, string baseDirectory);

    public abstract ITargetDiscoverer CreateDiscoverer(TConfig config, DiscovererContext context);

    public abstract JsonObject Render(TConfig config);

    /// <summary>
    /// The part of an entry a shard that does not own everything watches, or null. Only asked of a per-namespace
    /// kind; by default the whole entry, the shard then keeping its namespaces' groups (<see cref="NamespaceOf"/>).
    /// </summary>
    public virtual TConfig? Restrict(TConfig config, INamespaceScope scope) => config;

    public virtual string? NamespaceOf(TargetGroup group) => null;

    /// <summary>An entry of this kind, as <see cref="Configuration.ScrapeConfig.ServiceDiscoveryConfigs"/> holds it.</summary>
    public ServiceDiscoveryConfig Entry(TConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ServiceDiscoveryConfig(this, config);
    }

    public override string ToString() => Key;

    ServiceDiscoveryConfig IServiceDiscoveryKind.Read(YamlMappingReader entry, string baseDirectory)
    {
        var config = Read(entry, baseDirectory);
        entry.RejectUnknownKeys();
        return Entry(config);
    }

    ITargetDiscoverer IServiceDiscoveryKind.CreateDiscoverer(ServiceDiscoveryConfig entry, DiscovererContext context) =>
        CreateDiscoverer(ConfigOf(entry), context);

    JsonObject IServiceDiscoveryKind.Render(ServiceDiscoveryConfig entry) => Render(ConfigOf(entry));

    ServiceDiscoveryConfig? IServiceDiscoveryKind.Restrict(ServiceDiscoveryConfig entry, INamespaceScope scope) =>
        Restrict(ConfigOf(entry), scope) switch
        {
            null => null,
            var same when ReferenceEquals(same, entry.Config) => entry,
            var restricted => Entry(restricted),
        };

    private TConfig ConfigOf(ServiceDiscoveryConfig entry) =>
        ReferenceEquals(entry.Kind, this) && entry.Config is TConfig config
            ? config
            : throw new ArgumentException($"a {entry.Kind.Key} entry given to {Key}", nameof(entry));
}
