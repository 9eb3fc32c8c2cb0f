using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Prometheus.Receiver;

/// <summary>
/// <c>prometheus</c>: <c>config</c> is native Prometheus configuration (global, scrape_configs).
/// The scrapes are run by the cluster's target grains; <c>target_allocator</c> is accepted and
/// has no effect, because the cluster's own discovery allocates the targets to scraper silos.
/// </summary>
public sealed class PrometheusReceiverFactory : ComponentFactory<PrometheusReceiverOptions>
{
    private static readonly string[] IgnoredKeys = ["trim_metric_suffixes", "report_extra_scrape_metrics", "use_start_time_metric", "start_time_metric_regex"];

    public override ComponentKind Kind => ComponentKind.Receiver;

    public override string Type => "prometheus";

    public override PrometheusReceiverOptions CreateDefault() => new();

    protected override PrometheusReceiverOptions Read(YamlMappingReader section, PrometheusReceiverOptions defaults)
    {
        if (section.GetMapping("target_allocator") is { } allocator)
        {
            foreach (var key in allocator.Keys.ToList())
            {
                allocator.MarkRead(key);
            }
            section.WarnAt("target_allocator",
                $"{section.Qualified("target_allocator")} has no effect in OrleansScrape: the cluster's discovery (the discovery section) allocates targets to its scraper silos, no allocator is polled");
        }
        foreach (var key in IgnoredKeys)
        {
            if (section.GetString(key) is not null)
            {
                section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: metric names, start times and scrape series follow the receiver's defaults (use the metric_start_time processor for start times)");
            }
        }
        var config = section.GetMapping("config")
            ?? throw section.Error($"{section.Qualified("config")} is required: the Prometheus configuration to scrape (config: {{}} scrapes nothing)");
        return defaults with { Config = PrometheusConfigReader.Read(config) };
    }
}
