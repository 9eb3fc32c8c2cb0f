using System.Text.RegularExpressions;
using OrleansScrape.Configuration;
using OrleansScrape.Grains.Allocation;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Kubernetes.Operator.Selection;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// Reads the <c>discovery</c> section; its keys are the Target Allocator's, so the <c>config:</c>
/// block of its values files can be pasted here. Every key of the allocator's configuration file
/// either takes effect, or is accepted and logged once at start as having no effect here and why,
/// or (when ignoring it would change what is scraped or who sees secrets) is refused with the reason.
/// Unknown keys are refused.
/// </summary>
internal static partial class DiscoverySectionReader
{
    private const string RelabelConfig = "relabel-config";

    internal static DiscoverySettings Read(YamlMappingReader? section)
    {
        var settings = new DiscoverySettings();
        if (section is null)
        {
            return settings;
        }
        if (section.GetString("allocation_strategy") is { } name)
        {
            if (!AllocationStrategyNames.TryParse(name, out var strategy))
            {
                throw section.ErrorAt("allocation_strategy", $"allocation_strategy \"{name}\" must be one of {string.Join(", ", AllocationStrategyNames.All)}");
            }
            settings = settings with { AllocationStrategy = strategy };
        }
        ReadFallbackStrategy(section, settings.AllocationStrategy);
        if (section.GetString("filter_strategy") is { } filter && filter != RelabelConfig)
        {
            throw section.ErrorAt("filter_strategy", $"{section.Qualified("filter_strategy")} \"{filter}\" must be {RelabelConfig}, the only filter strategy of OrleansScrape: each job's relabel_configs run at discovery and the targets they drop are never allocated");
        }
        settings = ReadCollectors(section, settings);
        if (section.GetMapping("prometheus_cr") is { } prometheusCr)
        {
            settings = settings with { PrometheusCr = PrometheusCrSettingsReader.Read(prometheusCr) };
        }
        // Where the custom resources are read; in-cluster credentials when neither is set (as the Target Allocator).
        // kube_config_file_path is the allocator's name for kubeconfig_file.
        var apiServer = section.GetString("api_server");
        if (section.Has("kubeconfig_file") && section.Has("kube_config_file_path"))
        {
            throw section.ErrorAt("kube_config_file_path", $"{section.Qualified("kubeconfig_file")} and {section.Qualified("kube_config_file_path")} are the same setting; set only one");
        }
        var kubeconfigKey = section.Has("kube_config_file_path") ? "kube_config_file_path" : "kubeconfig_file";
        var kubeconfig = section.GetString(kubeconfigKey);
        if (kubeconfigKey == "kube_config_file_path" && kubeconfig == "")
        {
            // The allocator reads an empty path as "no kubeconfig": in-cluster credentials.
            kubeconfig = null;
        }
        if (apiServer is not null && kubeconfig is not null)
        {
            throw section.ErrorAt(kubeconfigKey, $"discovery.api_server and {section.Qualified(kubeconfigKey)} are mutually exclusive");
        }
        if (apiServer is not null && !(Uri.TryCreate(apiServer, UriKind.Absolute, out var server) && server.Scheme is "http" or "https"))
        {
            throw section.ErrorAt("api_server", $"discovery.api_server \"{apiServer}\" must be an http or https URL");
        }
        settings = settings with { ApiServer = apiServer, KubeconfigFile = kubeconfig };
        if (section.Has("shards"))
        {
            settings = settings with { Shards = ReadShards(section) };
        }
        ReadServerKeys(section);
        settings = settings with { AllocatorJobs = ReadAllocatorScrapeConfigs(section) };
        section.RejectUnknownKeys();
        return settings;
    }

    /// <summary>
    /// <c>allocation_fallback_strategy</c> and <c>allocation_strategy_config</c>. As in the Target
    /// Allocator only per-node uses a fallback, and <c>allocation_strategy_config.per_node.fallback_strategy</c>
    /// wins over the older top-level key. OrleansScrape's per-node strategy always falls back to
    /// consistent hashing over every scraper silo (for a target without a node, and for one on a node
    /// without a scraper silo), so consistent-hashing takes effect and another strategy is accepted with a warning.
    /// </summary>
    private static void ReadFallbackStrategy(YamlMappingReader section, AllocationStrategy strategy)
    {
        const string topLevelKey = "allocation_fallback_strategy";
        var perNode = strategy == AllocationStrategy.PerNode;
        var strategyName = AllocationStrategyNames.Name(strategy);
        var topLevel = section.GetString(topLevelKey);
        if (topLevel is { Length: > 0 })
        {
            CheckStrategyName(section, topLevelKey, topLevel);
        }

        (YamlMappingReader Section, string Name)? specific = null;
        if (section.GetMapping("allocation_strategy_config") is { } config)
        {
            NoOptions(config, "consistent_hashing");
            NoOptions(config, "least_weighted");
            if (config.GetMapping("per_node") is { } perNodeConfig)
            {
                if (perNodeConfig.GetMapping("fallback_strategy") is { } fallback)
                {
                    var fallbackName = fallback.GetRequiredString("name");
                    CheckStrategyName(fallback, "name", fallbackName);
                    NoOptions(fallback, "consistent_hashing");
                    NoOptions(fallback, "least_weighted");
                    fallback.RejectUnknownKeys();
                    specific = (fallback, fallbackName);
                }
                perNodeConfig.RejectUnknownKeys();
                if (!perNode)
                {
                    config.WarnAt("per_node", $"{config.Qualified("per_node")} has no effect in OrleansScrape: it configures the per-node strategy, and allocation_strategy is {strategyName}");
                }
            }
            config.RejectUnknownKeys();
        }

        if (topLevel is not null)
        {
            if (specific is not null)
            {
                section.WarnAt(topLevelKey, $"{section.Qualified(topLevelKey)} has no effect in OrleansScrape: allocation_strategy_config.per_node.fallback_strategy is set and takes precedence, as in the Target Allocator");
            }
            else if (!perNode)
            {
                section.WarnAt(topLevelKey, $"{section.Qualified(topLevelKey)} has no effect in OrleansScrape: only the per-node strategy uses a fallback (as in the Target Allocator), and allocation_strategy is {strategyName}");
            }
            else
            {
                PerNodeFallback(section, topLevelKey, topLevel);
            }
        }
        if (specific is { } chosen && perNode)
        {
            PerNodeFallback(chosen.Section, "name", chosen.Name);
        }
    }

    private static void CheckStrategyName(YamlMappingReader section, string key, string name)
    {
        if (!AllocationStrategyNames.TryParse(name, out _))
        {
            throw section.ErrorAt(key, $"{section.Qualified(key)} \"{name}\" must be one of {string.Join(", ", AllocationStrategyNames.All)}");
        }
    }

    // The fallback of the per-node strategy: consistent hashing is what OrleansScrape does; per-node is refused.
    private static void PerNodeFallback(YamlMappingReader section, string key, string name)
    {
        if (name == AllocationStrategyNames.Name(AllocationStrategy.PerNode))
        {
            throw section.ErrorAt(key, $"{section.Qualified(key)}: per-node cannot be the fallback of per-node: it would fail on the very targets it is the fallback for");
        }
        if (name != AllocationStrategyNames.Name(AllocationStrategy.ConsistentHashing))
        {
            section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: a per-node target without a node, or on a node without a scraper silo, always falls back to consistent hashing over all scraper silos");
        }
    }

    // The sections of allocation_strategy_config for strategies that have no options (upstream's are empty).
    private static void NoOptions(YamlMappingReader section, string key) =>
        section.GetMapping(key)?.RejectUnknownKeys(" (the Target Allocator has no options for this strategy)");

    /// <summary>
    /// <c>collector_selector</c>, <c>collector_namespace</c> and <c>collector_not_ready_grace_period</c>:
    /// which collector pods the Target Allocator allocates to. OrleansScrape allocates to its scraper
    /// silos, so they have no effect; they are validated and kept for allocating to external collectors.
    /// </summary>
    private static DiscoverySettings ReadCollectors(YamlMappingReader section, DiscoverySettings settings)
    {
        var selector = LabelSelectorReader.Read(section, "collector_selector", "collector pods");
        var @namespace = section.GetString("collector_namespace");
        if (@namespace is { Length: > 0 } && (@namespace.Length > 63 || !NamespaceName().IsMatch(@namespace)))
        {
            throw section.ErrorAt("collector_namespace", $"{section.Qualified("collector_namespace")} \"{@namespace}\" is not a namespace name (1 to 63 lower-case alphanumerics or '-', starting and ending with an alphanumeric)");
        }
        var grace = GoDuration.Read(section, "collector_not_ready_grace_period") ?? DiscoverySettings.DefaultCollectorNotReadyGracePeriod;
        if (grace < TimeSpan.Zero)
        {
            throw section.ErrorAt("collector_not_ready_grace_period", $"{section.Qualified("collector_not_ready_grace_period")} must not be negative");
        }
        foreach (var key in new[] { "collector_selector", "collector_namespace", "collector_not_ready_grace_period" }.Where(section.Has))
        {
            section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: targets are allocated to the cluster's scraper silos (orleans.role scraper or all), not to collector pods");
        }
        return settings with
        {
            CollectorSelector = selector,
            CollectorNamespace = string.IsNullOrEmpty(@namespace) ? null : @namespace,
            CollectorNotReadyGracePeriod = grace,
        };
    }

    /// <summary>
    /// The keys of the allocator's own HTTP servers and self-telemetry. The allocator API is served by
    /// every silo on <c>orleans.http</c>; the HTTPS server that hands secret values to collectors over
    /// mTLS is not implemented, so it cannot be enabled.
    /// </summary>
    private static void ReadServerKeys(YamlMappingReader section)
    {
        if (section.GetString("listen_addr") is not null)
        {
            section.WarnAt("listen_addr", $"{section.Qualified("listen_addr")} has no effect in OrleansScrape: the allocator API (/scrape_configs, /jobs, /jobs/{{job}}/targets) is served on each silo's HTTP port, orleans.http (address, port)");
        }
        if (section.GetMapping("https") is { } https)
        {
            var enabled = https.GetBool("enabled") ?? false;
            foreach (var key in new[] { "listen_addr", "ca_file_path", "tls_cert_file_path", "tls_key_file_path" })
            {
                https.GetString(key);
            }
            https.RejectUnknownKeys();
            if (enabled)
            {
                throw https.ErrorAt("enabled", $"{https.Qualified("enabled")}: the HTTPS server that serves scrape configs with their secret values to collectors over mTLS is not implemented in OrleansScrape; set it to false (/scrape_configs renders secrets as <secret>, and the scraper silos get the credentials inside the cluster)");
            }
            section.WarnAt("https", $"{section.Qualified("https")} has no effect in OrleansScrape: the HTTPS (mTLS) server that serves secret values is not implemented yet, so /scrape_configs renders secrets as <secret>");
        }
        if (section.GetBool("allow_insecure_auth_secrets") is true)
        {
            section.WarnAt("allow_insecure_auth_secrets", $"{section.Qualified("allow_insecure_auth_secrets")} has no effect in OrleansScrape: secret values are never served over HTTP (/scrape_configs renders them as <secret>); the scraper silos get the credentials inside the cluster");
        }
        if (section.GetMapping("telemetry") is not null)
        {
            section.WarnAt("telemetry", $"{section.Qualified("telemetry")} has no effect in OrleansScrape: the allocator's metrics (opentelemetry_allocator_*) are part of each silo's own /metrics on orleans.http");
        }
    }

    /// <summary>
    /// <c>config</c>: the allocator's own Prometheus configuration, whose <c>scrape_configs</c> it
    /// allocates besides the custom resources' jobs (nothing else of it is used, its <c>global</c> only
    /// as the defaults of those jobs). They are allocated and scraped as the jobs of
    /// <c>receivers.prometheus.config</c> are; a <c>config</c> without jobs has no effect.
    /// </summary>
    private static Prometheus.Configuration.PrometheusConfig? ReadAllocatorScrapeConfigs(YamlMappingReader section)
    {
        if (section.GetMapping("config") is not { } config)
        {
            return null;
        }
        var jobs = Prometheus.Configuration.PrometheusConfigReader.Read(config);
        if (jobs.ScrapeConfigs.Count == 0)
        {
            section.WarnAt("config", $"{section.Qualified("config")} has no effect in OrleansScrape: it has no scrape_configs (the only part the Target Allocator uses)");
            return null;
        }
        return jobs;
    }

    // shards: [{name, namespaces: [..]}]; the default shard is always there and owns every namespace not listed.
    private static DiscoveryShardLayout ReadShards(YamlMappingReader section)
    {
        var shards = new List<DiscoveryShard>();
        foreach (var entry in section.GetMappingSequence("shards"))
        {
            var name = entry.GetString("name") ?? throw entry.Error("a discovery shard needs a name");
            var shard = new DiscoveryShard(name, entry.GetStringList("namespaces"));
            entry.RejectUnknownKeys();
            // Checked entry by entry, so the error points at the shard that breaks a rule.
            if (DiscoveryShardLayout.Validate([.. shards, shard]) is { } error)
            {
                throw entry.Error(error);
            }
            shards.Add(shard);
        }
        return new DiscoveryShardLayout(shards);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamespaceName();
}
