using System.Text.Json.Nodes;
using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary><c>http_sd_configs</c>: target groups fetched from a URL; not per namespace, so the default shard runs it.</summary>
public sealed class HttpSdKind : ServiceDiscoveryKind<HttpSdConfig>
{
    public static HttpSdKind Instance { get; } = new();

    private HttpSdKind()
    {
    }

    public override string Name => "http";

    protected override HttpSdConfig Read(YamlMappingReader entry, string baseDirectory) =>
        HttpSdConfigReader.Read(entry, section => HttpClientConfigReader.Read(section, baseDirectory));

    public override ITargetDiscoverer CreateDiscoverer(HttpSdConfig config, DiscovererContext context)
    {
        // http_sd has HTTP settings of its own; the client pool is keyed by them.
        var settings = config.HttpClientSettings as HttpClientConfig ?? new HttpClientConfig();
        var client = context.HttpClients.For(context.Job with { HttpClient = settings });
        return new HttpSdDiscoverer(config, client);
    }

    public override JsonObject Render(HttpSdConfig config) => new()
    {
        ["url"] = HttpSdDiscoverer.Redact(config.Url),
        ["refresh_interval"] = PrometheusDuration.Format(config.RefreshInterval),
    };
}
