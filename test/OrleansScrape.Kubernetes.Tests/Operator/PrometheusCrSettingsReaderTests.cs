using OrleansScrape.Configuration;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class PrometheusCrSettingsReaderTests
{
    private static PrometheusCrSettings Read(string yaml) =>
        PrometheusCrSettingsReader.Read(YamlDocument.Load(yaml, "config.yaml").GetMapping("prometheus_cr")!);

    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Read(yaml));

    [Fact]
    public void Defaults_are_disabled_30s_no_resource_selectors_and_every_namespace()
    {
        var settings = Read("prometheus_cr: {}");

        Assert.False(settings.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ScrapeInterval);
        Assert.Null(settings.ServiceMonitorSelector);
        Assert.Null(settings.PodMonitorSelector);
        Assert.Null(settings.ScrapeConfigSelector);
        Assert.True(settings.ServiceMonitorNamespaceSelector.IsEmpty);
        Assert.True(settings.PodMonitorNamespaceSelector.IsEmpty);
        Assert.True(settings.ScrapeConfigNamespaceSelector.IsEmpty);
        Assert.Empty(settings.AllowNamespaces);
        Assert.Empty(settings.DenyNamespaces);
    }

    [Fact]
    public void Seed_values_with_scrapeInterval_and_lower_case_matchlabels_are_read()
    {
        var settings = Read(SeedResources.PrometheusCrValues);

        Assert.True(settings.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.ScrapeInterval);
        foreach (var selector in new[] { settings.ServiceMonitorSelector, settings.PodMonitorSelector, settings.ScrapeConfigSelector })
        {
            Assert.Equal("true", selector!.MatchLabels["prometheus.dynatrace.com"]);
        }
    }

    [Theory]
    [InlineData("service_monitor_selector:", true)]
    [InlineData("service_monitor_selector: null", true)]
    [InlineData("service_monitor_selector: {}", false)]
    public void A_null_resource_selector_stays_null_and_an_empty_one_selects_everything(string line, bool isNull)
    {
        var settings = Read($"prometheus_cr:\n  {line}");

        Assert.Equal(isNull, settings.ServiceMonitorSelector is null);
        if (!isNull)
        {
            Assert.True(settings.ServiceMonitorSelector!.IsEmpty);
        }
    }

    [Fact]
    public void Namespace_selectors_read_match_expressions()
    {
        var settings = Read("""
            prometheus_cr:
              pod_monitor_namespace_selector:
                matchExpressions:
                  - key: team
                    operator: In
                    values: [shop, cart]
            """);

        var expression = Assert.Single(settings.PodMonitorNamespaceSelector.MatchExpressions);
        Assert.Equal(("team", LabelSelectorOperator.In), (expression.Key, expression.Operator));
        Assert.Equal(["shop", "cart"], expression.Values);
    }

    [Theory]
    [InlineData("scrape_classes: [{name: tls, default: true}]", "prometheus_cr.scrape_classes[0].default: a default scrape class applies to every")]
    [InlineData("deny_fs_access_through_sms: true", "prometheus_cr.deny_fs_access_through_sms: dropping the ServiceMonitor and PodMonitor endpoints that read files")]
    [InlineData("allow_namespaces: [a]\n  deny_namespaces: [b]", "only one of prometheus_cr.allow_namespaces and prometheus_cr.deny_namespaces can be set")]
    [InlineData("scrape_interval: 10s\n  scrapeInterval: 15s", "are the same setting; set only one")]
    [InlineData("scrape_interval: 0s", "must be greater than 0")]
    [InlineData("service_monitor_selector:\n    matchLabel: {a: b}", "unknown key \"matchLabel\"")]
    [InlineData("service_monitor_selector:\n    matchExpressions: [{key: a, operator: Exists, values: [x]}]", "values must be empty for operator Exists")]
    [InlineData("service_monitor_selector:\n    matchExpressions: [{key: a, operator: exists}]", "\"exists\" is not a label selector operator")]
    [InlineData("scrape_protocols: [PrometheusProto]", "is not supported")]
    [InlineData("unknown_key: 1", "unknown key \"unknown_key\"")]
    public void Invalid_or_unsupported_settings_are_refused_with_the_reason(string lines, string reason)
    {
        var error = Refused($"prometheus_cr:\n  {lines}");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_without_effect_are_accepted_with_one_warning_each()
    {
        var section = YamlDocument.Load("""
            prometheus_cr:
              evaluation_interval: 1m
              secret_namespaces: [observability]
              scrape_classes: [{name: tls}]
              probe_selector: {}
              probe_namespace_selector: {}
              deny_fs_access_through_sms: false
            """, "config.yaml").GetMapping("prometheus_cr")!;

        PrometheusCrSettingsReader.Read(section);

        Assert.Equal(
            [(2, "prometheus_cr.evaluation_interval"), (4, "prometheus_cr.scrape_classes"), (3, "prometheus_cr.secret_namespaces"), (5, "prometheus_cr.probe_selector"), (6, "prometheus_cr.probe_namespace_selector")],
            section.Warnings.All.Select(w => (w.Line, w.Message[..w.Message.IndexOf(" has no effect in OrleansScrape: ", StringComparison.Ordinal)])));
    }

    [Fact]
    public void A_selector_in_map_form_is_empty_as_the_Target_Allocator_decodes_it()
    {
        var section = YamlDocument.Load("prometheus_cr:\n  pod_monitor_selector: {release: test}", "config.yaml").GetMapping("prometheus_cr")!;

        var settings = PrometheusCrSettingsReader.Read(section);

        Assert.True(settings.PodMonitorSelector!.IsEmpty);
        Assert.StartsWith("prometheus_cr.pod_monitor_selector.release has no effect in OrleansScrape:", Assert.Single(section.Warnings.All).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_and_deny_lists_decide_which_namespaces_are_read()
    {
        var allow = Read("prometheus_cr:\n  allow_namespaces: [shop]");
        var deny = Read("prometheus_cr:\n  deny_namespaces: [kube-system]");

        Assert.True(allow.IsNamespaceAllowed("shop"));
        Assert.False(allow.IsNamespaceAllowed("other"));
        Assert.True(deny.IsNamespaceAllowed("shop"));
        Assert.False(deny.IsNamespaceAllowed("kube-system"));
    }
}
