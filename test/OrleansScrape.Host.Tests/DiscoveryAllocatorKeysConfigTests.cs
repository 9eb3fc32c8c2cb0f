using OrleansScrape.Configuration;
using OrleansScrape.Grains.Allocation;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary>The Target Allocator's top-level keys under <c>discovery</c>: each takes effect, is warned about once, or is refused.</summary>
public sealed class DiscoveryAllocatorKeysConfigTests
{
    private static string Config(string discovery) => DiscoveryConfigs.WithDiscovery(discovery);

    private static OrleansScrapeSettings Read(string discovery) => OrleansScrapeConfigReader.Read(Config(discovery), "test.yaml");

    private static ConfigException Refused(string discovery) => Assert.Throws<ConfigException>(() => Read(discovery));

    private static void AssertOnlyWarning(OrleansScrapeSettings settings, int line, int column, string message)
    {
        var warning = Assert.Single(settings.Warnings);
        Assert.Equal(new ConfigWarning("test.yaml", line, column, message), warning);
    }

    [Fact]
    public void Allocation_fallback_strategy_consistent_hashing_is_what_per_node_does()
    {
        var settings = Read("""
              allocation_strategy: per-node
              allocation_fallback_strategy: consistent-hashing
            """);

        Assert.Equal(AllocationStrategy.PerNode, settings.Discovery.AllocationStrategy);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void Allocation_fallback_strategy_other_than_consistent_hashing_is_warned_about_for_per_node()
    {
        var settings = Read("""
              allocation_strategy: per-node
              allocation_fallback_strategy: least-weighted
            """);

        AssertOnlyWarning(settings, 14, 3, "discovery.allocation_fallback_strategy has no effect in OrleansScrape: a per-node target without a node, or on a node without a scraper silo, always falls back to consistent hashing over all scraper silos");
    }

    [Fact]
    public void Allocation_fallback_strategy_has_no_effect_without_per_node()
    {
        var settings = Read("""
              allocation_strategy: consistent-hashing
              allocation_fallback_strategy: consistent-hashing
            """);

        AssertOnlyWarning(settings, 14, 3, "discovery.allocation_fallback_strategy has no effect in OrleansScrape: only the per-node strategy uses a fallback (as in the Target Allocator), and allocation_strategy is consistent-hashing");
    }

    [Theory]
    [InlineData("allocation_fallback_strategy: round-robin", 13, "discovery.allocation_fallback_strategy \"round-robin\" must be one of consistent-hashing, least-weighted, per-node, load-aware")]
    [InlineData("allocation_strategy: per-node\n  allocation_fallback_strategy: per-node", 14, "discovery.allocation_fallback_strategy: per-node cannot be the fallback of per-node")]
    public void An_invalid_allocation_fallback_strategy_is_refused_at_its_line(string lines, int line, string reason)
    {
        var error = Refused("  " + lines);

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_strategy_config_without_options_has_nothing_to_warn_about()
    {
        var settings = Read("""
              allocation_strategy_config:
                consistent_hashing: {}
                least_weighted: {}
            """);

        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void Allocation_strategy_config_per_node_fallback_takes_precedence_over_allocation_fallback_strategy()
    {
        var settings = Read("""
              allocation_strategy: per-node
              allocation_fallback_strategy: least-weighted
              allocation_strategy_config:
                per_node:
                  fallback_strategy:
                    name: consistent-hashing
                    consistent_hashing: {}
            """);

        AssertOnlyWarning(settings, 14, 3, "discovery.allocation_fallback_strategy has no effect in OrleansScrape: allocation_strategy_config.per_node.fallback_strategy is set and takes precedence, as in the Target Allocator");
    }

    [Fact]
    public void Allocation_strategy_config_per_node_fallback_other_than_consistent_hashing_is_warned_about()
    {
        var settings = Read("""
              allocation_strategy: per-node
              allocation_strategy_config:
                per_node:
                  fallback_strategy:
                    name: least-weighted
            """);

        AssertOnlyWarning(settings, 17, 9, "discovery.allocation_strategy_config.per_node.fallback_strategy.name has no effect in OrleansScrape: a per-node target without a node, or on a node without a scraper silo, always falls back to consistent hashing over all scraper silos");
    }

    [Fact]
    public void Allocation_strategy_config_per_node_has_no_effect_for_another_strategy()
    {
        var settings = Read("""
              allocation_strategy: least-weighted
              allocation_strategy_config:
                per_node:
                  fallback_strategy: {name: consistent-hashing}
            """);

        AssertOnlyWarning(settings, 15, 5, "discovery.allocation_strategy_config.per_node has no effect in OrleansScrape: it configures the per-node strategy, and allocation_strategy is least-weighted");
    }

    [Theory]
    [InlineData("consistent_hashing: {replication_factor: 3}", 15, "unknown key \"replication_factor\" in discovery.allocation_strategy_config.consistent_hashing (the Target Allocator has no options for this strategy)")]
    [InlineData("per_node:\n      fallback_strategy: {}", 16, "discovery.allocation_strategy_config.per_node.fallback_strategy.name is required")]
    [InlineData("per_node:\n      fallback_strategy: {name: per-node}", 16, "per-node cannot be the fallback of per-node")]
    [InlineData("per_node:\n      fallback_strategy: {name: random}", 16, "fallback_strategy.name \"random\" must be one of")]
    [InlineData("load_aware: {}", 15, "unknown key \"load_aware\" in discovery.allocation_strategy_config")]
    public void An_invalid_allocation_strategy_config_is_refused_at_its_line(string lines, int line, string reason)
    {
        var error = Refused("  allocation_strategy: per-node\n  allocation_strategy_config:\n    " + lines);

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_strategy_relabel_config_is_what_OrleansScrape_does()
    {
        Assert.Empty(Read("  filter_strategy: relabel-config").Warnings);
    }

    [Fact]
    public void Another_filter_strategy_is_refused_with_the_allowed_value()
    {
        var error = Refused("  filter_strategy: none");

        Assert.Equal((13, 3), (error.Line, error.Column));
        Assert.Contains("discovery.filter_strategy \"none\" must be relabel-config, the only filter strategy of OrleansScrape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collector_selector_is_kept_and_warned_about()
    {
        var settings = Read("""
              collector_selector:
                matchlabels:
                  app.kubernetes.io/name: opentelemetry-collector
                matchExpressions:
                  - {key: app.kubernetes.io/instance, operator: In, values: [otel-scraper]}
            """);

        var selector = settings.Discovery.CollectorSelector!;
        Assert.Equal("opentelemetry-collector", selector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Equal("app.kubernetes.io/instance", Assert.Single(selector.MatchExpressions).Key);
        AssertOnlyWarning(settings, 13, 3, "discovery.collector_selector has no effect in OrleansScrape: targets are allocated to the cluster's scraper silos (orleans.role scraper or all), not to collector pods");
    }

    [Fact]
    public void Without_collector_keys_there_is_no_collector_selector_and_the_grace_period_is_30s()
    {
        var settings = Read("  allocation_strategy: consistent-hashing");

        Assert.Null(settings.Discovery.CollectorSelector);
        Assert.Null(settings.Discovery.CollectorNamespace);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Discovery.CollectorNotReadyGracePeriod);
    }

    [Fact]
    public void Collector_namespace_is_kept_and_warned_about()
    {
        var settings = Read("  collector_namespace: observability");

        Assert.Equal("observability", settings.Discovery.CollectorNamespace);
        AssertOnlyWarning(settings, 13, 3, "discovery.collector_namespace has no effect in OrleansScrape: targets are allocated to the cluster's scraper silos (orleans.role scraper or all), not to collector pods");
    }

    [Fact]
    public void Collector_namespace_from_an_unset_variable_is_empty_and_kept_as_none()
    {
        Environment.SetEnvironmentVariable("ORLEANS_SCRAPE_TEST_UNSET_NAMESPACE", null);

        var settings = Read("  collector_namespace: ${ORLEANS_SCRAPE_TEST_UNSET_NAMESPACE}");

        Assert.Null(settings.Discovery.CollectorNamespace);
        Assert.Equal(
            ["environment variable ORLEANS_SCRAPE_TEST_UNSET_NAMESPACE is not set: ${ORLEANS_SCRAPE_TEST_UNSET_NAMESPACE} expands to an empty string",
             "discovery.collector_namespace has no effect in OrleansScrape: targets are allocated to the cluster's scraper silos (orleans.role scraper or all), not to collector pods"],
            settings.Warnings.Select(w => w.Message));
    }

    [Fact]
    public void Collector_not_ready_grace_period_is_kept_and_warned_about()
    {
        var settings = Read("  collector_not_ready_grace_period: 1m30s");

        Assert.Equal(TimeSpan.FromSeconds(90), settings.Discovery.CollectorNotReadyGracePeriod);
        AssertOnlyWarning(settings, 13, 3, "discovery.collector_not_ready_grace_period has no effect in OrleansScrape: targets are allocated to the cluster's scraper silos (orleans.role scraper or all), not to collector pods");
    }

    [Theory]
    [InlineData("collector_namespace: Observability", "discovery.collector_namespace \"Observability\" is not a namespace name")]
    [InlineData("collector_not_ready_grace_period: -5s", "discovery.collector_not_ready_grace_period must not be negative")]
    [InlineData("collector_not_ready_grace_period: soon", "discovery.collector_not_ready_grace_period: \"soon\" is not a duration")]
    [InlineData("collector_selector: {matchLabels: {\"-bad\": x}}", "\"-bad\" is not a label key")]
    public void Invalid_collector_keys_are_refused_at_their_line(string line, string reason)
    {
        var error = Refused("  " + line);

        Assert.Equal(13, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listen_addr_is_warned_about_the_allocator_api_being_on_orleans_http()
    {
        AssertOnlyWarning(Read("  listen_addr: \":8080\""), 13, 3, "discovery.listen_addr has no effect in OrleansScrape: the allocator API (/scrape_configs, /jobs, /jobs/{job}/targets) is served on each silo's HTTP port, orleans.http (address, port)");
    }

    [Fact]
    public void Https_disabled_is_warned_about_secrets_staying_redacted()
    {
        var settings = Read("  https: {enabled: false, listen_addr: \":8443\", ca_file_path: /tls/ca.crt, tls_cert_file_path: /tls/tls.crt, tls_key_file_path: /tls/tls.key}");

        AssertOnlyWarning(settings, 13, 3, "discovery.https has no effect in OrleansScrape: the HTTPS (mTLS) server that serves secret values is not implemented yet, so /scrape_configs renders secrets as <secret>");
    }

    [Theory]
    [InlineData("https:\n    enabled: true", 14, "discovery.https.enabled: the HTTPS server that serves scrape configs with their secret values to collectors over mTLS is not implemented in OrleansScrape; set it to false")]
    [InlineData("https:\n    enabled: false\n    client_ca: x", 15, "unknown key \"client_ca\" in discovery.https")]
    public void Https_enabled_or_an_unknown_https_key_is_refused(string lines, int line, string reason)
    {
        var error = Refused("  " + lines);

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_insecure_auth_secrets_true_is_warned_about_and_false_is_what_OrleansScrape_does()
    {
        AssertOnlyWarning(Read("  allow_insecure_auth_secrets: true"), 13, 3, "discovery.allow_insecure_auth_secrets has no effect in OrleansScrape: secret values are never served over HTTP (/scrape_configs renders them as <secret>); the scraper silos get the credentials inside the cluster");
        Assert.Empty(Read("  allow_insecure_auth_secrets: false").Warnings);
    }

    [Fact]
    public void Telemetry_is_warned_about_the_allocator_metrics_being_on_the_silo()
    {
        var settings = Read("""
              telemetry:
                metrics:
                  readers:
                    - periodic: {exporter: {otlp_http: {endpoint: "https://example.com"}}}
            """);

        AssertOnlyWarning(settings, 13, 3, "discovery.telemetry has no effect in OrleansScrape: the allocator's metrics (opentelemetry_allocator_*) are part of each silo's own /metrics on orleans.http");
    }

    [Fact]
    public void Config_without_scrape_configs_is_warned_about()
    {
        var settings = Read("""
              config:
                global: {scrape_interval: 15s}
                scrape_configs: []
            """);

        AssertOnlyWarning(settings, 13, 3, "discovery.config has no effect in OrleansScrape: it has no scrape_configs (the only part the Target Allocator uses)");
    }

    [Fact]
    public void Config_scrape_configs_are_jobs_of_the_cluster_as_the_allocator_allocates_them()
    {
        var settings = Read("""
              config:
                global: {scrape_interval: 15s}
                scrape_configs:
                  - job_name: prometheus
                    static_configs: [{targets: ["prom.domain:9001"]}]
            """);

        var job = Assert.Single(settings.Prometheus.ScrapeConfigs, j => j.JobName == "prometheus");
        Assert.Equal(TimeSpan.FromSeconds(15), job.ScrapeInterval);
        Assert.Equal(["prom.domain:9001"], job.StaticConfigs.Single().Targets);
        Assert.DoesNotContain(settings.Warnings, w => w.Message.Contains("discovery.config"));
    }

    [Fact]
    public void Kube_config_file_path_is_the_allocator_name_of_kubeconfig_file()
    {
        var settings = Read("  kube_config_file_path: /etc/kube/config");

        Assert.Equal("/etc/kube/config", settings.Discovery.KubeconfigFile);
        Assert.Empty(settings.Warnings);
    }

    [Theory]
    [InlineData("kubeconfig_file: /a\n  kube_config_file_path: /b", 14, "discovery.kubeconfig_file and discovery.kube_config_file_path are the same setting; set only one")]
    [InlineData("api_server: https://k8s:6443\n  kube_config_file_path: /b", 14, "discovery.api_server and discovery.kube_config_file_path are mutually exclusive")]
    [InlineData("api_server: https://k8s:6443\n  kubeconfig_file: /b", 14, "discovery.api_server and discovery.kubeconfig_file are mutually exclusive")]
    public void Kubeconfig_spellings_are_exclusive_with_each_other_and_with_api_server(string lines, int line, string reason)
    {
        var error = Refused("  " + lines);

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_discovery_key_is_refused_with_its_position()
    {
        var error = Refused("  listen_addr: \":8080\"\n  colector_selector: {}");

        Assert.Equal(("test.yaml", 14, 3), (error.File, error.Line, error.Column));
        Assert.Contains("unknown key \"colector_selector\" in discovery", error.Message, StringComparison.Ordinal);
    }
}
