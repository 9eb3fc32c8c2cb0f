using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Secrets;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Kubernetes.Operator.Translation;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Kubernetes.Tests.Operator;

/// <summary>Parses a resource from its JSON and translates it, with in-memory Secrets.</summary>
internal static class Translate
{
    public static PrometheusCrSettings Settings { get; } = new() { Enabled = true, ScrapeInterval = TimeSpan.FromSeconds(30) };

    public static async Task<IReadOnlyList<ScrapeConfig>> ServiceMonitorAsync(JsonObject resource, ISecretReader? secrets = null, PrometheusCrSettings? settings = null) =>
        await ServiceMonitorTranslator.TranslateAsync(CustomResourceParser.ParseServiceMonitor(SeedResources.Element(resource)), Context(secrets, settings), CancellationToken.None);

    public static async Task<IReadOnlyList<ScrapeConfig>> PodMonitorAsync(JsonObject resource, ISecretReader? secrets = null, PrometheusCrSettings? settings = null) =>
        await PodMonitorTranslator.TranslateAsync(CustomResourceParser.ParsePodMonitor(SeedResources.Element(resource)), Context(secrets, settings), CancellationToken.None);

    public static Task<ScrapeConfig> ScrapeConfigAsync(JsonObject resource, ISecretReader? secrets = null, PrometheusCrSettings? settings = null) =>
        ScrapeConfigResourceTranslator.TranslateAsync(CustomResourceParser.ParseScrapeConfig(SeedResources.Element(resource)), Context(secrets, settings), CancellationToken.None);

    /// <summary>The first endpoint of a ServiceMonitor after <paramref name="edit"/> changed its JSON.</summary>
    public static async Task<ScrapeConfig> ServiceMonitorEndpointAsync(Action<JsonObject> edit, ISecretReader? secrets = null, PrometheusCrSettings? settings = null)
    {
        var resource = SeedResources.ServiceMonitor();
        edit(resource);
        return (await ServiceMonitorAsync(resource, secrets, settings))[0];
    }

    public static async Task<ScrapeConfig> PodMonitorEndpointAsync(Action<JsonObject> edit, ISecretReader? secrets = null)
    {
        var resource = SeedResources.PodMonitor();
        edit(resource);
        return (await PodMonitorAsync(resource, secrets))[0];
    }

    public static JsonObject Spec(this JsonObject resource) => resource["spec"]!.AsObject();

    public static JsonObject Endpoint(this JsonObject resource) =>
        (resource.Spec()["endpoints"] ?? resource.Spec()["podMetricsEndpoints"])!.AsArray()[0]!.AsObject();

    private static CrTranslationContext Context(ISecretReader? secrets, PrometheusCrSettings? settings) =>
        new(settings ?? Settings, new SecretResolver(secrets ?? new InMemorySecretReader()));
}
