using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class DiscoveryPrometheusCrConfigTests
{
    private static string Config(string discovery) => DiscoveryConfigs.WithDiscovery(discovery);

    [Fact]
    public void Discovery_prometheus_cr_is_read_next_to_allocation_strategy()
    {
        var settings = OrleansScrapeConfigReader.Read(Config("""
              allocation_strategy: least-weighted
              prometheus_cr:
                enabled: true
                scrapeInterval: 15s
                service_monitor_selector:
                  matchlabels:
                    prometheus.dynatrace.com: "true"
            """), "test.yaml");

        var cr = settings.Discovery.PrometheusCr!;
        Assert.True(cr.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(15), cr.ScrapeInterval);
        Assert.Equal("true", cr.ServiceMonitorSelector!.MatchLabels["prometheus.dynatrace.com"]);
        Assert.Null(cr.PodMonitorSelector);
        Assert.Equal(Grains.Allocation.AllocationStrategy.LeastWeighted, settings.Discovery.AllocationStrategy);
    }

    [Fact]
    public void Without_prometheus_cr_no_custom_resources_are_discovered()
    {
        var settings = OrleansScrapeConfigReader.Read(Config("  allocation_strategy: consistent-hashing"), "test.yaml");

        Assert.Null(settings.Discovery.PrometheusCr);
    }

    private static OrleansScrapeSettings Read(string discovery) => OrleansScrapeConfigReader.Read(Config(discovery), "test.yaml");

    private static void AssertOnlyWarning(OrleansScrapeSettings settings, int line, int column, string message) =>
        Assert.Equal(new ConfigWarning("test.yaml", line, column, message), Assert.Single(settings.Warnings));

    [Fact]
    public void Scrape_protocols_are_the_default_of_generated_jobs()
    {
        var settings = Read("""
              prometheus_cr:
                scrape_protocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]
            """);

        Assert.Equal(["OpenMetricsText1.0.0", "PrometheusText0.0.4"], settings.Discovery.PrometheusCr!.ScrapeProtocols);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void Evaluation_interval_is_warned_about()
    {
        var settings = Read("""
              prometheus_cr:
                evaluation_interval: 30s
            """);

        AssertOnlyWarning(settings, 14, 5, "discovery.prometheus_cr.evaluation_interval has no effect in OrleansScrape: no recording or alerting rules are evaluated (the Target Allocator only copies it into the Prometheus configuration it generates)");
    }

    [Fact]
    public void Secret_namespaces_is_warned_about()
    {
        var settings = Read("""
              prometheus_cr:
                secret_namespaces: [observability, shop]
            """);

        AssertOnlyWarning(settings, 14, 5, "discovery.prometheus_cr.secret_namespaces has no effect in OrleansScrape: the Target Allocator watches Secrets only in these namespaces (its own by default) to notice changed credentials; OrleansScrape gets each Secret a resource refers to from the resource's namespace and reads it again every minute, so there is no Secret watch to scope");
    }

    [Fact]
    public void Scrape_classes_without_a_default_are_warned_about()
    {
        var settings = Read("""
              prometheus_cr:
                scrape_classes:
                  - name: tls
                    default: false
                    tlsConfig: {caFile: /etc/ca-bundle.pem}
            """);

        AssertOnlyWarning(settings, 14, 5, "discovery.prometheus_cr.scrape_classes has no effect in OrleansScrape: scrape classes are not applied, and a resource that names a scrapeClass is left out and listed in the discovery errors");
    }

    [Fact]
    public void An_empty_scrape_classes_list_has_nothing_to_warn_about()
    {
        Assert.Empty(Read("  prometheus_cr:\n    scrape_classes: []").Warnings);
    }

    [Fact]
    public void A_default_scrape_class_is_refused_at_its_default_key()
    {
        var error = Assert.Throws<ConfigException>(() => Read("""
              prometheus_cr:
                scrape_classes:
                  - name: tls
                    default: true
            """));

        Assert.Equal((16, 9), (error.Line, error.Column));
        Assert.Contains("discovery.prometheus_cr.scrape_classes[0].default: a default scrape class applies to every ServiceMonitor, PodMonitor and ScrapeConfig that names no class, and OrleansScrape does not apply scrape classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_selector_is_warned_about()
    {
        var settings = Read("""
              prometheus_cr:
                enabled: true
                probe_selector: {}
            """);

        AssertOnlyWarning(settings, 15, 5, "discovery.prometheus_cr.probe_selector has no effect in OrleansScrape: Probe resources are not discovered (a ScrapeConfig with static targets and params does what a Probe does)");
    }

    [Fact]
    public void Probe_namespace_selector_is_warned_about()
    {
        var settings = Read("""
              prometheus_cr:
                probe_namespace_selector:
                  matchLabels: {team: shop}
            """);

        AssertOnlyWarning(settings, 14, 5, "discovery.prometheus_cr.probe_namespace_selector has no effect in OrleansScrape: Probe resources are not discovered (a ScrapeConfig with static targets and params does what a Probe does)");
    }

    [Fact]
    public void A_null_probe_selector_selects_no_Probe_upstream_either_and_is_not_warned_about()
    {
        Assert.Empty(Read("  prometheus_cr:\n    probe_selector: null").Warnings);
    }

    [Fact]
    public void Deny_fs_access_through_sms_true_is_refused_and_false_is_what_OrleansScrape_does()
    {
        Assert.Empty(Read("  prometheus_cr:\n    deny_fs_access_through_sms: false").Warnings);

        var error = Assert.Throws<ConfigException>(() => Read("  prometheus_cr:\n    deny_fs_access_through_sms: true"));

        Assert.Equal((14, 5), (error.Line, error.Column));
        Assert.Contains("discovery.prometheus_cr.deny_fs_access_through_sms: dropping the ServiceMonitor and PodMonitor endpoints that read files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_namespaces_and_deny_namespaces_are_read()
    {
        var allow = Read("  prometheus_cr:\n    allow_namespaces: [shop]").Discovery.PrometheusCr!;
        var deny = Read("  prometheus_cr:\n    deny_namespaces: [kube-system]").Discovery.PrometheusCr!;

        Assert.Equal(["shop"], allow.AllowNamespaces);
        Assert.Equal(["kube-system"], deny.DenyNamespaces);
    }

    [Fact]
    public void An_unknown_prometheus_cr_key_is_refused_with_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => Read("""
              prometheus_cr:
                enabled: true
                probes: {}
            """));

        Assert.Equal((15, 5), (error.Line, error.Column));
        Assert.Contains("unknown key \"probes\" in discovery.prometheus_cr", error.Message, StringComparison.Ordinal);
    }
}
