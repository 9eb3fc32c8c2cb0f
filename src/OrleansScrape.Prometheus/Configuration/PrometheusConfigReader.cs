using System.Text.RegularExpressions;

namespace OrleansScrape.Prometheus.Configuration;

/// <summary>
/// Reads a Prometheus configuration (<c>global</c> + <c>scrape_configs</c>) from YAML with
/// Prometheus's field names, defaults and validation rules. Fields that Prometheus has but this
/// version does not implement are refused by name rather than ignored.
/// </summary>
public static partial class PrometheusConfigReader
{
    // Prometheus scrape-config fields whose support lands with the scraping issue; until then a
    // config that uses one is refused, because ignoring it would scrape something else than asked.
    private static readonly HashSet<string> NotYetSupported = new(StringComparer.Ordinal)
    {
        "honor_labels", "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
        "body_size_limit", "target_limit", "scrape_protocols", "basic_auth", "authorization", "bearer_token",
        "bearer_token_file", "tls_config", "oauth2", "proxy_url", "follow_redirects", "enable_http2",
        "relabel_configs", "metric_relabel_configs", "file_sd_configs", "http_sd_configs", "kubernetes_sd_configs",
        "dns_sd_configs", "consul_sd_configs", "ec2_sd_configs", "azure_sd_configs", "gce_sd_configs",
        "scrape_classic_histograms", "native_histogram_bucket_limit", "track_timestamps_staleness",
        "enable_compression", "scrape_failure_log_file", "metric_name_validation_scheme", "fallback_scrape_protocol",
    };

    public static PrometheusConfig Read(YamlMappingReader root)
    {
        var global = ReadGlobal(root.GetMapping("global"));
        var scrapeConfigs = new List<ScrapeConfig>();
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in root.GetMappingSequence("scrape_configs"))
        {
            var config = ReadScrapeConfig(entry, global);
            if (!jobs.Add(config.JobName))
            {
                throw entry.ErrorAt("job_name", $"found multiple scrape configs with job name \"{config.JobName}\"");
            }
            scrapeConfigs.Add(config);
        }
        root.RejectUnknownKeys();
        return new PrometheusConfig { Global = global, ScrapeConfigs = scrapeConfigs };
    }

    private static GlobalConfig ReadGlobal(YamlMappingReader? section)
    {
        if (section is null)
        {
            return new GlobalConfig();
        }
        var defaults = new GlobalConfig();
        var interval = section.GetDuration("scrape_interval") ?? defaults.ScrapeInterval;
        var timeout = section.GetDuration("scrape_timeout") ?? (section.Has("scrape_interval") && interval < defaults.ScrapeTimeout ? interval : defaults.ScrapeTimeout);
        if (interval <= TimeSpan.Zero)
        {
            throw section.ErrorAt("scrape_interval", "global.scrape_interval must be greater than zero");
        }
        if (timeout > interval)
        {
            throw section.ErrorAt("scrape_timeout", "global scrape timeout greater than scrape interval");
        }
        section.RejectUnknownKeys();
        return new GlobalConfig { ScrapeInterval = interval, ScrapeTimeout = timeout };
    }

    private static ScrapeConfig ReadScrapeConfig(YamlMappingReader entry, GlobalConfig global)
    {
        foreach (var key in entry.Keys)
        {
            if (NotYetSupported.Contains(key))
            {
                throw entry.ErrorAt(key, $"{entry.Qualified(key)} is a Prometheus setting this version of OrleansScrape does not support yet");
            }
        }

        var jobName = entry.GetRequiredString("job_name");
        var interval = entry.GetDuration("scrape_interval") ?? global.ScrapeInterval;
        // As in Prometheus: an unset timeout takes the global one, capped at the job's interval.
        var timeout = entry.GetDuration("scrape_timeout") ?? (global.ScrapeTimeout > interval ? interval : global.ScrapeTimeout);
        if (interval <= TimeSpan.Zero)
        {
            throw entry.ErrorAt("scrape_interval", $"scrape_interval of job \"{jobName}\" must be greater than zero");
        }
        if (timeout <= TimeSpan.Zero)
        {
            throw entry.ErrorAt("scrape_timeout", $"scrape_timeout of job \"{jobName}\" must be greater than zero");
        }
        if (timeout > interval)
        {
            throw entry.ErrorAt("scrape_timeout", $"scrape timeout greater than scrape interval for scrape config with job name \"{jobName}\"");
        }

        var metricsPath = entry.GetString("metrics_path") ?? "/metrics";
        if (!metricsPath.StartsWith('/'))
        {
            throw entry.ErrorAt("metrics_path", $"metrics_path \"{metricsPath}\" must start with /");
        }
        var scheme = entry.GetString("scheme") ?? "http";
        if (scheme is not ("http" or "https"))
        {
            throw entry.ErrorAt("scheme", $"scheme \"{scheme}\" must be http or https");
        }

        var parameters = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (entry.GetMapping("params") is { } paramsSection)
        {
            foreach (var name in paramsSection.Keys.ToList())
            {
                parameters[name] = paramsSection.GetStringList(name).ToArray();
            }
        }

        var staticConfigs = new List<StaticConfig>();
        foreach (var item in entry.GetMappingSequence("static_configs"))
        {
            staticConfigs.Add(ReadStaticConfig(item));
        }

        var config = new ScrapeConfig
        {
            JobName = jobName,
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            MetricsPath = metricsPath,
            Scheme = scheme,
            HonorTimestamps = entry.GetBool("honor_timestamps") ?? true,
            Params = parameters,
            StaticConfigs = staticConfigs,
        };
        entry.RejectUnknownKeys();
        return config;
    }

    private static StaticConfig ReadStaticConfig(YamlMappingReader item)
    {
        var targets = item.GetStringList("targets");
        foreach (var target in targets)
        {
            if (target.Contains('/'))
            {
                throw item.ErrorAt("targets", $"\"{target}\" is not a valid hostname: a target is host:port, without scheme or path");
            }
        }
        var labels = item.GetStringMap("labels");
        foreach (var name in labels.Keys)
        {
            if (!LabelName().IsMatch(name))
            {
                throw item.ErrorAt("labels", $"\"{name}\" is not a valid label name");
            }
        }
        item.RejectUnknownKeys();
        return new StaticConfig { Targets = targets, Labels = labels };
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
