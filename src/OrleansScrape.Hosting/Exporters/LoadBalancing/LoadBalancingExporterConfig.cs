using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Hosting.Exporters.LoadBalancing;

/// <summary>
/// The <c>load_balancing</c> exporter of a scraper tier: in OrleansScrape the gateway tier is the
/// cluster's series grains, so what reaches it is handed to the pipelines that receive OTLP.
/// </summary>
public sealed record LoadBalancingExporterConfig : IExporterConfig
{
    /// <summary>The Collector's routing keys; metrics are routed by resource whatever is chosen.</summary>
    public static readonly IReadOnlyList<string> RoutingKeys = ["resource", "streamID", "service", "metric", "attributes", "traceID"];

    /// <summary><c>routing_key</c>: resource (the Collector's default for metrics).</summary>
    public string RoutingKey { get; init; } = "resource";

    public ExporterHelperOptions Helper { get; init; } = new(LoadBalancingExporterFactory.DefaultTimeout);

    public BackendLimits Limits => BackendLimits.None;

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>(Helper.Validate());
        if (!RoutingKeys.Contains(RoutingKey))
        {
            problems.Add(new("routing_key", $"\"{RoutingKey}\" must be one of {string.Join(", ", RoutingKeys)}"));
        }
        return problems;
    }
}
