using OrleansScrape.Configuration;
using System.Text.Json.Nodes;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// A scrape config rendered as the Target Allocator's <c>/scrape_configs</c> renders it: the
/// Prometheus YAML field names as JSON, secrets as <c>&lt;secret&gt;</c>. Rendered by the discovery
/// grain, which alone holds the jobs generated from custom resources with their service discovery.
/// </summary>
public static class ScrapeConfigJson
{
    /// <param name="kinds">Orders the service discovery lists; <see cref="DiscoveryKindRegistry.Default"/> when null.</param>
    public static JsonObject Render(ScrapeConfig job, DiscoveryKindRegistry? kinds = null)
    {
        var json = new JsonObject
        {
            ["job_name"] = job.JobName,
            ["honor_labels"] = job.HonorLabels,
            ["honor_timestamps"] = job.HonorTimestamps,
            ["scrape_interval"] = PrometheusDuration.Format(job.ScrapeInterval),
            ["scrape_timeout"] = PrometheusDuration.Format(job.ScrapeTimeout),
            ["scrape_protocols"] = new JsonArray(job.ScrapeProtocols.Select(p => (JsonNode?)p).ToArray()),
            ["metrics_path"] = job.MetricsPath,
            ["scheme"] = job.Scheme,
            ["follow_redirects"] = job.HttpClient.FollowRedirects,
            ["enable_http2"] = job.HttpClient.EnableHttp2,
        };
        if (job.Params.Count > 0)
        {
            json["params"] = new JsonObject(job.Params.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(v => (JsonNode?)v).ToArray()))));
        }
        AddIfPositive(json, "sample_limit", job.SampleLimit);
        AddIfPositive(json, "label_limit", job.LabelLimit);
        AddIfPositive(json, "label_name_length_limit", job.LabelNameLengthLimit);
        AddIfPositive(json, "label_value_length_limit", job.LabelValueLengthLimit);
        if (job.BodySizeLimit > 0)
        {
            json["body_size_limit"] = job.BodySizeLimit;
        }
        ConfigJson.AddHttpClient(json, job.HttpClient.Redacted());
        if (job.RelabelConfigs.Count > 0)
        {
            json["relabel_configs"] = Relabelings(job.RelabelConfigs);
        }
        if (job.MetricRelabelConfigs.Count > 0)
        {
            json["metric_relabel_configs"] = Relabelings(job.MetricRelabelConfigs);
        }
        if (job.StaticConfigs.Count > 0)
        {
            json["static_configs"] = new JsonArray(job.StaticConfigs.Select(s => (JsonNode?)new JsonObject
            {
                ["targets"] = new JsonArray(s.Targets.Select(t => (JsonNode?)t).ToArray()),
                ["labels"] = new JsonObject(s.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            }).ToArray());
        }
        // One list per kind, in the registry's order (Prometheus's), whatever the order they were configured in.
        var order = kinds ?? DiscoveryKindRegistry.Default;
        foreach (var entries in job.ServiceDiscoveryConfigs.GroupBy(e => e.Kind).OrderBy(g => order.OrderOf(g.Key)))
        {
            json[entries.Key.Key] = new JsonArray(entries.Select(e => (JsonNode?)e.Kind.Render(e)).ToArray());
        }
        return json;
    }

    private static void AddIfPositive(JsonObject json, string key, int value)
    {
        if (value > 0)
        {
            json[key] = value;
        }
    }

    private static JsonArray Relabelings(IReadOnlyList<RelabelConfig> configs) =>
        new(configs.Select(c =>
        {
            var rule = new JsonObject();
            if (c.SourceLabels.Count > 0)
            {
                rule["source_labels"] = new JsonArray(c.SourceLabels.Select(l => (JsonNode?)l).ToArray());
            }
            rule["separator"] = c.Separator;
            rule["regex"] = c.Regex.Pattern;
            if (c.Modulus > 0)
            {
                rule["modulus"] = c.Modulus;
            }
            if (c.TargetLabel.Length > 0)
            {
                rule["target_label"] = c.TargetLabel;
            }
            rule["replacement"] = c.Replacement;
            rule["action"] = c.Action.ToPrometheusName();
            return (JsonNode?)rule;
        }).ToArray());
}
