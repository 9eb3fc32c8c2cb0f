using OrleansScrape.Grains.Allocation;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary>A Target Allocator values file's <c>config:</c> block pasted under <c>discovery:</c> loads as it is.</summary>
public sealed class DiscoveryAllocatorValuesConfigTests
{
    private const string Values = """
        receivers:
          prometheus:
            config:
              scrape_configs: []
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        discovery:
          allocation_strategy: consistent-hashing
          allocation_fallback_strategy: consistent-hashing
          allocation_strategy_config: {}
          filter_strategy: relabel-config
          collector_namespace: ${NAMESPACE}
          collector_selector:
            matchlabels:
              app.kubernetes.io/name: opentelemetry-collector
              app.kubernetes.io/instance: otel-scraper
          collector_not_ready_grace_period: 30s
          listen_addr: ":8080"
          https: {enabled: false, listen_addr: ":8443", ca_file_path: /tls/ca.crt, tls_cert_file_path: /tls/tls.crt, tls_key_file_path: /tls/tls.key}
          allow_insecure_auth_secrets: false
          prometheus_cr:
            enabled: true
            scrapeInterval: 15s
            evaluation_interval: 30s
            scrape_protocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]
            scrape_classes:
              - name: internal-tls
                tlsConfig:
                  caFile: /etc/ca-bundle.pem
                  insecureSkipVerify: true
            secret_namespaces: [observability]
            probe_selector:
              matchLabels:
                prometheus.dynatrace.com: "true"
            probe_namespace_selector: {}
            service_monitor_selector: {prometheus.dynatrace.com: "true"}
            pod_monitor_selector: {matchlabels: {prometheus.dynatrace.com: "true"}}
            scrape_config_selector: {matchLabels: {prometheus.dynatrace.com: "true"}}
          config:
            scrape_configs: []
        """;

    [Fact]
    public void A_complete_allocator_config_block_loads_and_names_each_key_without_effect_once()
    {
        Environment.SetEnvironmentVariable("NAMESPACE", null);

        var settings = OrleansScrapeConfigReader.Read(Values, "values.yaml");

        var discovery = settings.Discovery;
        Assert.Equal(AllocationStrategy.ConsistentHashing, discovery.AllocationStrategy);
        Assert.Null(discovery.CollectorNamespace);
        Assert.Equal("otel-scraper", discovery.CollectorSelector!.MatchLabels["app.kubernetes.io/instance"]);
        Assert.Equal(TimeSpan.FromSeconds(30), discovery.CollectorNotReadyGracePeriod);
        var cr = discovery.PrometheusCr!;
        Assert.True(cr.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(15), cr.ScrapeInterval);
        Assert.Equal(["OpenMetricsText1.0.0", "PrometheusText0.0.4"], cr.ScrapeProtocols);
        Assert.True(cr.ServiceMonitorSelector!.IsEmpty);
        Assert.Equal("true", cr.PodMonitorSelector!.MatchLabels["prometheus.dynatrace.com"]);
        Assert.Equal("true", cr.ScrapeConfigSelector!.MatchLabels["prometheus.dynatrace.com"]);

        var noEffect = settings.Warnings
            .Select(w => w.Message)
            .Where(m => m.Contains(" has no effect in OrleansScrape: ", StringComparison.Ordinal))
            .Select(m => m[..m.IndexOf(" has no effect", StringComparison.Ordinal)])
            .ToList();
        Assert.Equal(
            [
                "discovery.allocation_fallback_strategy",
                "discovery.collector_selector",
                "discovery.collector_namespace",
                "discovery.collector_not_ready_grace_period",
                "discovery.prometheus_cr.evaluation_interval",
                "discovery.prometheus_cr.scrape_classes",
                "discovery.prometheus_cr.secret_namespaces",
                "discovery.prometheus_cr.probe_selector",
                "discovery.prometheus_cr.probe_namespace_selector",
                "discovery.prometheus_cr.service_monitor_selector.prometheus.dynatrace.com",
                "discovery.listen_addr",
                "discovery.https",
                "discovery.config",
            ],
            noEffect);
        Assert.Equal(noEffect.Count, noEffect.Distinct(StringComparer.Ordinal).Count());
        // Besides those, only the unset variable is reported, at its own line.
        var other = Assert.Single(settings.Warnings, w => !w.Message.Contains(" has no effect in OrleansScrape: ", StringComparison.Ordinal));
        Assert.Equal(
            ("values.yaml", 17, 24, "environment variable NAMESPACE is not set: ${NAMESPACE} expands to an empty string"),
            (other.File, other.Line, other.Column, other.Message));
    }
}
