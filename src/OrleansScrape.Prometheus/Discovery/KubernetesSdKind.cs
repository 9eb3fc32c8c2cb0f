using System.Text.Json.Nodes;
using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// <c>kubernetes_sd_configs</c>: objects watched on an API server; per namespace, so each discovery shard watches
/// its namespaces. Read here with the rest of the Prometheus configuration; the discoverer is OrleansScrape.Kubernetes',
/// which references this library, so it comes from the <see cref="IDiscovererFactory{TConfig}"/> that library
/// provides through the <see cref="DiscovererContext"/>.
/// </summary>
public sealed class KubernetesSdKind : ServiceDiscoveryKind<KubernetesSdConfig>
{
    /// <summary>The label of a discovered object's namespace (the Kubernetes library's <c>MetaLabels.Namespace</c>).</summary>
    public const string NamespaceLabel = "__meta_kubernetes_namespace";

    public static KubernetesSdKind Instance { get; } = new();

    private KubernetesSdKind()
    {
    }

    public override string Name => "kubernetes";

    public override bool PerNamespace => true;

    protected override KubernetesSdConfig Read(YamlMappingReader entry, string baseDirectory) =>
        KubernetesSdConfigReader.Read(entry, section => HttpClientConfigReader.Read(section, baseDirectory), baseDirectory);

    public override ITargetDiscoverer CreateDiscoverer(KubernetesSdConfig config, DiscovererContext context) =>
        (context.Find<IDiscovererFactory<KubernetesSdConfig>>()
            ?? throw new InvalidOperationException($"{Key} of job \"{context.Job.JobName}\" needs the Kubernetes discovery of OrleansScrape.Kubernetes, which this process does not provide"))
        .Create(config, context);

    /// <summary>
    /// Explicit namespaces are intersected with the shard's; "all namespaces" becomes the shard's namespaces, except in
    /// the default shard, which watches all of them and drops other shards' objects (<see cref="NamespaceOf"/>), since a
    /// watch cannot exclude namespaces. Nodes are not namespaced: the default shard watches them.
    /// </summary>
    public override KubernetesSdConfig? Restrict(KubernetesSdConfig config, INamespaceScope scope)
    {
        if (config.Role == KubernetesSdRole.Node)
        {
            return scope.OwnsNonNamespaced ? config : null;
        }
        var all = config.Namespaces.Count == 0 && !config.OwnNamespace;
        if (all)
        {
            return scope.OwnsNonNamespaced ? config : scope.OwnedNamespaces.Count == 0 ? null : config with { Namespaces = scope.OwnedNamespaces };
        }
        // The own namespace is only known once connected: it stays watched, and NamespaceOf lets the shard drop it when it is not owned.
        var names = config.Namespaces.Where(scope.Owns).ToList();
        return names.Count == 0 && !config.OwnNamespace ? null : config with { Namespaces = names };
    }

    public override string? NamespaceOf(TargetGroup group) => group.Labels.GetValueOrDefault(NamespaceLabel);

    public override JsonObject Render(KubernetesSdConfig config)
    {
        var json = new JsonObject { ["role"] = KubernetesSdConfigReader.RoleName(config.Role) };
        ConfigJson.AddIfSet(json, "api_server", config.ApiServer);
        ConfigJson.AddIfSet(json, "kubeconfig_file", config.KubeconfigFile);
        json["namespaces"] = new JsonObject
        {
            ["own_namespace"] = config.OwnNamespace,
            ["names"] = ConfigJson.Strings(config.Namespaces),
        };
        if (config.Selectors.Count > 0)
        {
            json["selectors"] = new JsonArray(config.Selectors.Select(s =>
            {
                var selector = new JsonObject { ["role"] = KubernetesSdConfigReader.RoleName(s.Role) };
                ConfigJson.AddIfSet(selector, "label", s.Label);
                ConfigJson.AddIfSet(selector, "field", s.Field);
                return (JsonNode?)selector;
            }).ToArray());
        }
        if (config.AttachNodeMetadata || config.AttachNamespaceMetadata)
        {
            json["attach_metadata"] = new JsonObject { ["node"] = config.AttachNodeMetadata, ["namespace"] = config.AttachNamespaceMetadata };
        }
        // The API server's client settings, inline as Prometheus writes them; credentials redacted.
        if (config.HttpClientSettings is HttpClientConfig client)
        {
            json["follow_redirects"] = client.FollowRedirects;
            json["enable_http2"] = client.EnableHttp2;
            ConfigJson.AddHttpClient(json, client.Redacted());
        }
        return json;
    }
}
