using OrleansScrape.Configuration;
using System.Text.RegularExpressions;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Configuration;

/// <summary>
/// Reads a Prometheus configuration (<c>global</c> + <c>scrape_configs</c>) from YAML with
/// Prometheus's field names, defaults and validation rules. Fields that Prometheus has but this
/// version does not implement are refused by name rather than ignored. Service discovery lists
/// (<c>*_sd_configs</c>) are read by the kinds of a <see cref="DiscoveryKindRegistry"/>.
/// </summary>
public static partial class PrometheusConfigReader
{
    // Prometheus scrape-config fields this version does not implement: a config that uses one is
    // refused, because ignoring it would scrape something else than asked.
    private static readonly HashSet<string> NotSupported = new(StringComparer.Ordinal)
    {
        "target_limit", "dns_sd_configs", "consul_sd_configs", "ec2_sd_configs",
        "azure_sd_configs", "gce_sd_configs", "scrape_classic_histograms", "always_scrape_classic_histograms",
        "native_histogram_bucket_limit", "native_histogram_min_bucket_factor", "convert_classic_histograms_to_nhcb",
        "track_timestamps_staleness", "enable_compression", "scrape_failure_log_file",
        "metric_name_validation_scheme", "metric_name_escaping_scheme", "fallback_scrape_protocol", "keep_dropped_targets",
    };

    /// <param name="kinds">The service discovery kinds to read; <see cref="DiscoveryKindRegistry.Default"/> when null.</param>
    public static PrometheusConfig Read(YamlMappingReader root, DiscoveryKindRegistry? kinds = null)
    {
        kinds ??= DiscoveryKindRegistry.Default;
        var global = ReadGlobal(root.GetMapping("global"));
        var scrapeConfigs = new List<ScrapeConfig>();
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in root.GetMappingSequence("scrape_configs"))
        {
            var config = ReadScrapeConfig(entry, global, kinds);
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

    private static ScrapeConfig ReadScrapeConfig(YamlMappingReader entry, GlobalConfig global, DiscoveryKindRegistry kinds)
    {
        foreach (var key in entry.Keys)
        {
            if (kinds.Find(key) is not null)
            {
                continue;
            }
            if (NotSupported.Contains(key))
            {
                throw entry.ErrorAt(key, $"{entry.Qualified(key)} is a Prometheus setting this version of OrleansScrape does not support yet");
            }
            if (DiscoveryKindRegistry.IsDiscoveryKey(key))
            {
                throw entry.ErrorAt(key, $"{entry.Qualified(key)} is not a service discovery this version of OrleansScrape reads (supported: {kinds.Supported})");
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
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(entry.File)) ?? Directory.GetCurrentDirectory();
        // In the file's order, so discoverers start, and their errors are reported, as the lists are written.
        var serviceDiscovery = new List<ServiceDiscoveryConfig>();
        foreach (var key in entry.Keys.ToList())
        {
            if (kinds.Find(key) is { } kind)
            {
                serviceDiscovery.AddRange(entry.GetMappingSequence(key).Select(item => kind.Read(item, baseDirectory)));
            }
        }

        var protocols = entry.Has("scrape_protocols") ? entry.GetStringList("scrape_protocols") : Exposition.ScrapeProtocols.Default;
        if (!Exposition.ScrapeProtocols.TryValidate(protocols, out var protocolError))
        {
            throw entry.ErrorAt("scrape_protocols", $"scrape_protocols of job \"{jobName}\": {protocolError}");
        }

        long bodySizeLimit = 0;
        if (entry.GetString("body_size_limit") is { } bodySizeText && !ByteSize.TryParse(bodySizeText, out bodySizeLimit))
        {
            throw entry.ErrorAt("body_size_limit", $"body_size_limit \"{bodySizeText}\" is not a size (examples: 10MB, 512KB, 1GB)");
        }

        var config = new ScrapeConfig
        {
            JobName = jobName,
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            MetricsPath = metricsPath,
            Scheme = scheme,
            HonorLabels = entry.GetBool("honor_labels") ?? false,
            HonorTimestamps = entry.GetBool("honor_timestamps") ?? true,
            Params = parameters,
            SampleLimit = NonNegative(entry, "sample_limit"),
            LabelLimit = NonNegative(entry, "label_limit"),
            LabelNameLengthLimit = NonNegative(entry, "label_name_length_limit"),
            LabelValueLengthLimit = NonNegative(entry, "label_value_length_limit"),
            BodySizeLimit = bodySizeLimit,
            ScrapeProtocols = protocols,
            HttpClient = HttpClientConfigReader.Read(entry, baseDirectory),
            RelabelConfigs = RelabelConfigReader.ReadList(entry, "relabel_configs"),
            MetricRelabelConfigs = RelabelConfigReader.ReadList(entry, "metric_relabel_configs"),
            StaticConfigs = staticConfigs,
            ServiceDiscoveryConfigs = serviceDiscovery,
        };
        entry.RejectUnknownKeys();
        return config;
    }

    private static int NonNegative(YamlMappingReader entry, string key)
    {
        var value = entry.GetInt(key) ?? 0;
        if (value < 0)
        {
            throw entry.ErrorAt(key, $"{key} must not be negative");
        }
        return value;
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
