using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Kubernetes.Operator.Resources;

namespace OrleansScrape.Host.Tests;

/// <summary>
/// The label selector forms of the Target Allocator's configuration file, as its decoding reads
/// them: <c>matchLabels</c> / <c>matchlabels</c>, <c>matchExpressions</c> / <c>matchexpressions</c>,
/// and the map form, whose keys it ignores (the selector is then empty and selects everything).
/// </summary>
public sealed class DiscoverySelectorConfigTests
{
    // The first line of the discovery section is line 13 of the file.
    private static string Config(string discovery) => DiscoveryConfigs.WithDiscovery(discovery);

    private static OrleansScrapeSettings Read(string discovery) => OrleansScrapeConfigReader.Read(Config(discovery), "test.yaml");

    private static LabelSelector ServiceMonitorSelector(string selector) =>
        Read($"  prometheus_cr:\n    service_monitor_selector:\n      {selector}").Discovery.PrometheusCr!.ServiceMonitorSelector!;

    [Theory]
    [InlineData("matchLabels")]
    [InlineData("matchlabels")]
    public void Match_labels_are_read_in_both_spellings(string key)
    {
        var selector = ServiceMonitorSelector($"{key}: {{prometheus.dynatrace.com: \"true\"}}");

        Assert.Equal(new Dictionary<string, string> { ["prometheus.dynatrace.com"] = "true" }, selector.MatchLabels);
        Assert.Empty(selector.MatchExpressions);
    }

    [Fact]
    public void The_map_form_is_an_empty_selector_as_in_the_Target_Allocator_with_a_warning_at_the_label()
    {
        var settings = Read("""
              prometheus_cr:
                service_monitor_selector: {prometheus.dynatrace.com: "true"}
            """);

        var selector = settings.Discovery.PrometheusCr!.ServiceMonitorSelector!;
        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "unrelated" }));
        Assert.Equal(
            new ConfigWarning("test.yaml", 14, 32, "discovery.prometheus_cr.service_monitor_selector.prometheus.dynatrace.com has no effect in OrleansScrape: a label selector reads only matchLabels and matchExpressions and ignores other keys, so, as in the Target Allocator, discovery.prometheus_cr.service_monitor_selector is {} and selects all ServiceMonitors; put the label under matchLabels to select by it"),
            Assert.Single(settings.Warnings));
    }

    [Fact]
    public void A_label_beside_match_labels_is_ignored_with_a_warning()
    {
        var settings = Read("""
              collector_selector:
                matchLabels: {app: scraper}
                tier: metrics
            """);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "scraper" }, settings.Discovery.CollectorSelector!.MatchLabels);
        Assert.Contains(
            new ConfigWarning("test.yaml", 15, 5, "discovery.collector_selector.tier has no effect in OrleansScrape: a label selector reads only matchLabels and matchExpressions and ignores other keys, as in the Target Allocator; put the label under matchLabels to select by it"),
            settings.Warnings);
    }

    [Theory]
    [InlineData("{key: tier, operator: In, values: [web, api]}", LabelSelectorOperator.In, "web,api")]
    [InlineData("{key: tier, operator: NotIn, values: [batch]}", LabelSelectorOperator.NotIn, "batch")]
    [InlineData("{key: tier, operator: Exists}", LabelSelectorOperator.Exists, "")]
    [InlineData("{key: tier, operator: DoesNotExist}", LabelSelectorOperator.DoesNotExist, "")]
    public void Match_expressions_are_read_with_each_operator(string expression, LabelSelectorOperator op, string values)
    {
        foreach (var key in new[] { "matchExpressions", "matchexpressions" })
        {
            var requirement = Assert.Single(ServiceMonitorSelector($"{key}: [{expression}]").MatchExpressions);

            Assert.Equal(("tier", op), (requirement.Key, requirement.Operator));
            Assert.Equal(values, string.Join(",", requirement.Values));
        }
    }

    [Fact]
    public void The_collector_selector_reads_every_form_of_the_allocator_values()
    {
        var selector = Read("""
              collector_selector:
                matchlabels:
                  app.kubernetes.io/name: opentelemetry-collector
                matchexpressions:
                  - key: app.kubernetes.io/instance
                    operator: NotIn
                    values: [otel-gateway]
                  - key: legacy
                    operator: DoesNotExist
            """).Discovery.CollectorSelector!;

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "opentelemetry-collector", ["app.kubernetes.io/instance"] = "otel-scraper" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "opentelemetry-collector", ["app.kubernetes.io/instance"] = "otel-gateway" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "opentelemetry-collector", ["legacy"] = "yes" }));
    }

    [Theory]
    [InlineData("exists")]
    [InlineData("Equals")]
    [InlineData("0")]
    public void An_invalid_operator_is_refused_at_its_line(string op)
    {
        var error = Assert.Throws<ConfigException>(() => Read($$"""
              collector_selector:
                matchExpressions:
                  - key: tier
                    operator: {{op}}
            """));

        Assert.Equal(("test.yaml", 16, 9), (error.File, error.Line, error.Column));
        Assert.Equal($"discovery.collector_selector.matchExpressions[0].operator: \"{op}\" is not a label selector operator (In, NotIn, Exists, DoesNotExist)", error.Reason);
    }

    [Theory]
    [InlineData("matchExpressions: [{key: tier, operator: In}]", "values must be non-empty for operator In")]
    [InlineData("matchExpressions: [{key: tier, operator: Exists, values: [x]}]", "values must be empty for operator Exists")]
    [InlineData("matchExpressions: [{key: tier, operator: In, values: [\"not valid\"]}]", "\"not valid\" is not a label value")]
    [InlineData("matchExpressions: [{key: \"a/b/c\", operator: Exists}]", "\"a/b/c\" is not a label key")]
    [InlineData("matchLabels: {app: x}\n      matchlabels: {app: y}", "matchLabels and discovery.prometheus_cr.service_monitor_selector.matchlabels are the same setting; set only one")]
    [InlineData("matchLabel: {app: x}", "unknown key \"matchLabel\" in discovery.prometheus_cr.service_monitor_selector (a label selector has matchLabels and matchExpressions)")]
    public void Invalid_selectors_are_refused(string selector, string reason)
    {
        var error = Assert.Throws<ConfigException>(() => ServiceMonitorSelector(selector));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
