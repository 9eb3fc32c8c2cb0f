using Microsoft.Extensions.DependencyInjection;
using OrleansScrape.Configuration;
using OrleansScrape.Grains.Series;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Hosting.Exporters.LoadBalancing;

/// <summary>
/// <c>load_balancing</c> (formerly <c>loadbalancing</c>): the scraper tier's hand-off to the gateway
/// tier. The cluster does what its resolver and ring do (series grains keyed by resource, on gateway
/// silos), so <c>protocol</c> and <c>resolver</c> are accepted and have no effect; the exporterhelper
/// keys apply to the hand-off as to any exporter.
/// </summary>
public sealed class LoadBalancingExporterFactory : ExporterFactory<LoadBalancingExporterConfig>
{
    /// <summary>The Collector's default <c>timeout</c> of <c>load_balancing</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public override string Type => "load_balancing";

    public override IReadOnlyList<string> Aliases => ["loadbalancing"];

    public override LoadBalancingExporterConfig CreateDefault() => new();

    protected override LoadBalancingExporterConfig Read(YamlMappingReader section, LoadBalancingExporterConfig defaults)
    {
        foreach (var key in new[] { "protocol", "resolver" })
        {
            if (section.GetMapping(key) is { } ignored)
            {
                MarkAll(ignored);
                section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: the gateway tier is the cluster's gateway silos, reached through series grains keyed by resource");
            }
        }
        var routingKey = section.GetString("routing_key") ?? defaults.RoutingKey;
        if (routingKey != "resource")
        {
            section.WarnAt("routing_key", $"{section.Qualified("routing_key")} \"{routingKey}\" has no effect in OrleansScrape: metrics go to series grains by resource, and a heavy resource is split over several grains by stream (orleans.series.split_threshold)");
        }
        section.GetStringList("routing_attributes");
        return defaults with { RoutingKey = routingKey, Helper = ExporterHelperReader.Read(section, defaults.Helper) };
    }

    protected override IMetricsExporter Create(string id, LoadBalancingExporterConfig options, ExporterServices services)
    {
        var provider = services.Services
            ?? throw new InvalidOperationException("The load_balancing exporter needs the silo's services to reach the series grains.");
        var settings = provider.GetRequiredService<OrleansScrapeSettings>();
        return new GatewayHandOffExporter(id, provider.GetRequiredService<SeriesRouter>(), GatewayPipelines(settings.Pipelines));
    }

    /// <summary>
    /// The pipelines a hand-off goes to: those that receive OTLP (the gateway tier's), without the
    /// pipelines that hand off themselves. A scraper-only configuration has none: there its scrapes go
    /// straight to the gateway silos' pipeline of the same name, and the hand-off never runs.
    /// </summary>
    public static IReadOnlyList<string> GatewayPipelines(IReadOnlyList<PipelineConfig> pipelines) =>
        pipelines
            .Where(p => p.Receivers.Any(r => r.Id.Type == "otlp") && !p.Exporters.Any(e => e.Factory is LoadBalancingExporterFactory))
            .Select(p => p.Name)
            .ToList();

    private static void MarkAll(YamlMappingReader mapping)
    {
        foreach (var key in mapping.Keys.ToList())
        {
            mapping.MarkRead(key);
        }
    }
}
