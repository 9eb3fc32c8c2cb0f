using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Discovery;
using static OrleansScrape.Kubernetes.Tests.Operator.DiscoveredLabels;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class ServiceMonitorTranslatorTests
{
    private static readonly PodSpec Pod = new("shop", "my-service-0", "10.1.0.5", new Dictionary<string, string> { ["app"] = "my-service", ["tier"] = "web" });
    private static readonly Dictionary<string, string> ServiceLabels = new() { ["app"] = "my-service", ["team"] = "checkout" };

    [Fact]
    public async Task Each_endpoint_is_a_job_named_serviceMonitor_namespace_name_index()
    {
        var resource = SeedResources.ServiceMonitor();
        resource.Spec()["endpoints"]!.AsArray().Add(new JsonObject { ["port"] = "admin" });

        var jobs = await Translate.ServiceMonitorAsync(resource);

        Assert.Equal(["serviceMonitor/shop/my-service/0", "serviceMonitor/shop/my-service/1"], jobs.Select(j => j.JobName));
    }

    [Fact]
    public async Task Role_is_endpointslice_unless_serviceDiscoveryRole_says_endpoints()
    {
        var byDefault = await Translate.ServiceMonitorEndpointAsync(_ => { });
        var endpoints = await Translate.ServiceMonitorEndpointAsync(r => r.Spec()["serviceDiscoveryRole"] = "Endpoints");

        Assert.Equal(KubernetesSdRole.EndpointSlice, Assert.Single(byDefault.SdConfigs<KubernetesSdConfig>()).Role);
        Assert.Equal(KubernetesSdRole.Endpoints, Assert.Single(endpoints.SdConfigs<KubernetesSdConfig>()).Role);
        Assert.Contains(endpoints.RelabelConfigs, r => r.SourceLabels.SequenceEqual(["__meta_kubernetes_endpoint_port_name"]));
        Assert.DoesNotContain(endpoints.RelabelConfigs, r => r.SourceLabels.Any(l => l.Contains("endpointslice", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{ "any": true }""", "")]
    [InlineData("""{ "matchNames": ["a", "b"] }""", "a,b")]
    [InlineData("""{ }""", "shop")]
    [InlineData(null, "shop")]
    public async Task Namespaces_come_from_the_namespace_selector(string? selector, string expected)
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            if (selector is not null)
            {
                r.Spec()["namespaceSelector"] = JsonNode.Parse(selector);
            }
        });

        Assert.Equal(expected, string.Join(",", Assert.Single(job.SdConfigs<KubernetesSdConfig>()).Namespaces));
    }

    [Theory]
    [InlineData("""{ "matchLabels": { "app": "my-service" } }""", true)]
    [InlineData("""{ "matchLabels": { "app": "other" } }""", false)]
    [InlineData("""{ "matchLabels": { "app": "my-service", "team": "checkout" } }""", true)]
    [InlineData("""{ "matchExpressions": [ { "key": "team", "operator": "In", "values": ["checkout", "cart"] } ] }""", true)]
    [InlineData("""{ "matchExpressions": [ { "key": "team", "operator": "In", "values": ["cart"] } ] }""", false)]
    [InlineData("""{ "matchExpressions": [ { "key": "team", "operator": "NotIn", "values": ["cart"] } ] }""", true)]
    [InlineData("""{ "matchExpressions": [ { "key": "team", "operator": "NotIn", "values": ["checkout"] } ] }""", false)]
    [InlineData("""{ "matchExpressions": [ { "key": "team", "operator": "Exists" } ] }""", true)]
    [InlineData("""{ "matchExpressions": [ { "key": "owner", "operator": "Exists" } ] }""", false)]
    [InlineData("""{ "matchExpressions": [ { "key": "owner", "operator": "DoesNotExist" } ] }""", true)]
    [InlineData("""{ "matchExpressions": [ { "key": "team", "operator": "DoesNotExist" } ] }""", false)]
    public async Task Selector_keeps_only_endpoints_of_matching_services(string selector, bool kept)
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Spec()["selector"] = JsonNode.Parse(selector));

        var targets = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080));

        Assert.Equal(kept, targets.Count == 1);
    }

    [Fact]
    public async Task Port_name_keeps_only_that_service_port()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(_ => { });

        var targets = Targets(job,
            EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080),
            EndpointSliceTarget("my-service", ServiceLabels, Pod, "http", 80));

        Assert.Equal(["10.1.0.5:8080"], targets.Keys);
    }

    [Theory]
    [InlineData("8080", true)]
    [InlineData("9090", false)]
    public async Task Target_port_number_keeps_the_container_port_with_that_number(string targetPort, bool kept)
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Endpoint().Remove("port");
            r.Endpoint()["targetPort"] = int.Parse(targetPort, System.Globalization.CultureInfo.InvariantCulture);
        });

        var targets = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080));

        Assert.Equal(kept, targets.Count == 1);
        Assert.Equal(targetPort, job.RelabelConfigs.Single(r => r.TargetLabel == "endpoint").Replacement);
    }

    [Fact]
    public async Task Operator_labels_are_namespace_service_pod_container_endpoint_and_job_from_the_service_name()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(_ => { });

        var target = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080)).Values.Single();

        Assert.Equal("my-service", target.Job);
        Assert.Equal("10.1.0.5:8080", target.Instance);
        Assert.Equal(
            new Dictionary<string, string> { ["namespace"] = "shop", ["service"] = "my-service", ["pod"] = "my-service-0", ["container"] = "app", ["endpoint"] = "metrics" },
            target.Labels);
    }

    [Fact]
    public async Task Job_label_takes_the_value_of_that_service_label_when_present()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Spec()["jobLabel"] = "team");
        var withoutLabel = new Dictionary<string, string> { ["app"] = "my-service" };

        var labelled = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080)).Values.Single();
        var unlabelled = Targets(job, EndpointSliceTarget("my-service", withoutLabel, Pod, "metrics", 8080)).Values.Single();

        Assert.Equal("checkout", labelled.Job);
        Assert.Equal("my-service", unlabelled.Job);
    }

    [Fact]
    public async Task Target_labels_copy_service_labels_and_pod_target_labels_copy_pod_labels()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Spec()["targetLabels"] = new JsonArray("team", "missing");
            r.Spec()["podTargetLabels"] = new JsonArray("tier");
        });

        var target = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080)).Values.Single();

        Assert.Equal("checkout", target.Labels["team"]);
        Assert.Equal("web", target.Labels["tier"]);
        Assert.False(target.Labels.ContainsKey("missing"));
    }

    [Theory]
    [InlineData("Running", null, true)]
    [InlineData("Succeeded", null, false)]
    [InlineData("Failed", null, false)]
    [InlineData("Failed", false, true)]
    public async Task Finished_pods_are_dropped_unless_filterRunning_is_false(string phase, bool? filterRunning, bool kept)
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            if (filterRunning is { } value)
            {
                r.Endpoint()["filterRunning"] = value;
            }
        });

        var targets = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod with { Phase = phase }, "metrics", 8080));

        Assert.Equal(kept, targets.Count == 1);
    }

    [Fact]
    public async Task Path_scheme_params_interval_and_timeout_carry_over()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Endpoint()["path"] = "/custom";
            r.Endpoint()["scheme"] = "https";
            r.Endpoint()["params"] = JsonNode.Parse("""{ "module": ["http_2xx", "tcp"] }""");
            r.Endpoint()["scrapeTimeout"] = "15s";
        });

        var target = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080)).Values.Single();

        Assert.Equal("https://10.1.0.5:8080/custom?module=http_2xx&module=tcp", target.ScrapeUrl.ToString());
        Assert.Equal(TimeSpan.FromSeconds(60), target.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), target.ScrapeTimeout);
    }

    [Theory]
    [InlineData(30, 30, 10)]
    [InlineData(5, 5, 5)]
    [InlineData(15, 15, 10)]
    public async Task Interval_defaults_to_prometheus_cr_scrape_interval_and_timeout_to_10s_or_the_interval(int crInterval, int expectedInterval, int expectedTimeout)
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint().Remove("interval"),
            settings: Translate.Settings with { ScrapeInterval = TimeSpan.FromSeconds(crInterval) });

        Assert.Equal(TimeSpan.FromSeconds(expectedInterval), job.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(expectedTimeout), job.ScrapeTimeout);
    }

    [Fact]
    public async Task Scrape_timeout_greater_than_the_interval_refuses_the_monitor()
    {
        var error = await Assert.ThrowsAsync<CustomResourceException>(() =>
            Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["scrapeTimeout"] = "90s"));

        Assert.Contains("endpoints[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("greater than the scrape interval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheme_other_than_http_or_https_refuses_the_monitor()
    {
        var error = await Assert.ThrowsAsync<CustomResourceException>(() => Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["scheme"] = "ftp"));

        Assert.Equal("endpoints[0]: scheme \"ftp\" must be http or https", error.Message);
    }

    [Fact]
    public async Task Honor_labels_and_honor_timestamps_carry_over()
    {
        var defaults = await Translate.ServiceMonitorEndpointAsync(_ => { });
        var set = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Endpoint()["honorLabels"] = true;
            r.Endpoint()["honorTimestamps"] = false;
        });

        Assert.False(defaults.HonorLabels);
        Assert.True(defaults.HonorTimestamps);
        Assert.True(set.HonorLabels);
        Assert.False(set.HonorTimestamps);
    }

    [Fact]
    public async Task Relabelings_run_after_the_operator_rules_and_metric_relabelings_carry_over()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Endpoint()["relabelings"] = JsonNode.Parse("""[ { "sourceLabels": ["service"], "targetLabel": "svc", "action": "Replace" } ]""");
            r.Endpoint()["metricRelabelings"] = JsonNode.Parse("""[ { "sourceLabels": ["__name__"], "regex": "go_.*", "action": "drop" } ]""");
        });

        var target = Targets(job, EndpointSliceTarget("my-service", ServiceLabels, Pod, "metrics", 8080)).Values.Single();

        Assert.Equal("my-service", target.Labels["svc"]);
        var metricRule = Assert.Single(job.MetricRelabelConfigs);
        Assert.Equal(OrleansScrape.Prometheus.Relabeling.RelabelAction.Drop, metricRule.Action);
        Assert.Equal("go_.*", metricRule.Regex.Pattern);
    }

    [Fact]
    public void Invalid_relabeling_refuses_the_monitor_naming_the_field()
    {
        var error = Assert.Throws<CustomResourceException>(() => CustomResourceParser.ParseServiceMonitor(SeedResources.Element(Edit(r =>
            r.Endpoint()["relabelings"] = JsonNode.Parse("""[ { "action": "hashmod", "targetLabel": "x" } ]""")))));

        Assert.Equal("spec.endpoints[0].relabelings[0]: relabel configuration for hashmod requires non-zero modulus", error.Message);
    }

    [Fact]
    public async Task Sample_and_label_limits_carry_over()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Spec()["sampleLimit"] = 5000;
            r.Spec()["labelLimit"] = 30;
            r.Spec()["bodySizeLimit"] = "10MB";
        });

        Assert.Equal(5000, job.SampleLimit);
        Assert.Equal(30, job.LabelLimit);
        Assert.Equal(10L * 1024 * 1024, job.BodySizeLimit);
    }

    [Fact]
    public async Task Target_limit_is_refused_because_it_is_not_enforced()
    {
        var error = await Assert.ThrowsAsync<CustomResourceException>(() => Translate.ServiceMonitorEndpointAsync(r => r.Spec()["targetLimit"] = 10));

        Assert.Contains("targetLimit is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_protocols_default_to_the_allocator_list()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(_ => { });

        Assert.Equal(["OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4"], job.ScrapeProtocols);
    }

    [Fact]
    public async Task Attach_metadata_node_is_passed_to_the_discovery()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Spec()["attachMetadata"] = JsonNode.Parse("""{ "node": true }"""));

        Assert.True(Assert.Single(job.SdConfigs<KubernetesSdConfig>()).AttachNodeMetadata);
    }

    private static JsonObject Edit(Action<JsonObject> edit)
    {
        var resource = SeedResources.ServiceMonitor();
        edit(resource);
        return resource;
    }
}
