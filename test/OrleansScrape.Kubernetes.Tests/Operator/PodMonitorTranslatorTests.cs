using System.Text.Json.Nodes;
using OrleansScrape.Prometheus.Discovery;
using static OrleansScrape.Kubernetes.Tests.Operator.DiscoveredLabels;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class PodMonitorTranslatorTests
{
    private static readonly PodSpec Pod = new("shop", "my-app-7d9f", "10.1.0.9", new Dictionary<string, string> { ["app"] = "my-app", ["version"] = "v2" });

    [Fact]
    public async Task Each_endpoint_is_a_job_named_podMonitor_namespace_name_index_over_the_pod_role()
    {
        var jobs = await Translate.PodMonitorAsync(SeedResources.PodMonitor());

        var job = Assert.Single(jobs);
        Assert.Equal("podMonitor/shop/my-pods/0", job.JobName);
        Assert.Equal(KubernetesSdRole.Pod, Assert.Single(job.SdConfigs<KubernetesSdConfig>()).Role);
        Assert.Equal(["shop"], job.SdConfigs<KubernetesSdConfig>()[0].Namespaces);
    }

    [Fact]
    public async Task Selector_and_port_name_keep_only_the_named_container_port_of_matching_pods()
    {
        var job = (await Translate.PodMonitorAsync(SeedResources.PodMonitor()))[0];
        var other = Pod with { Name = "other-1", Ip = "10.1.0.10", Labels = new Dictionary<string, string> { ["app"] = "other" } };

        var targets = Targets(job, PodTarget(Pod, "metrics", 9100), PodTarget(Pod, "http", 8080), PodTarget(other, "metrics", 9100));

        Assert.Equal(["10.1.0.9:9100"], targets.Keys);
    }

    [Fact]
    public async Task Port_number_keeps_the_container_port_with_that_number()
    {
        var job = await Translate.PodMonitorEndpointAsync(r =>
        {
            r.Endpoint().Remove("port");
            r.Endpoint()["portNumber"] = 8080;
        });

        var targets = Targets(job, PodTarget(Pod, "metrics", 9100), PodTarget(Pod, null, 8080));

        Assert.Equal(["10.1.0.9:8080"], targets.Keys);
        Assert.Equal("8080", targets.Values.Single().Labels["endpoint"]);
    }

    [Fact]
    public async Task Operator_labels_are_namespace_container_pod_endpoint_and_job_namespace_slash_name()
    {
        var job = (await Translate.PodMonitorAsync(SeedResources.PodMonitor()))[0];

        var target = Targets(job, PodTarget(Pod, "metrics", 9100)).Values.Single();

        Assert.Equal("shop/my-pods", target.Job);
        Assert.Equal(TimeSpan.FromSeconds(60), target.ScrapeInterval);
        Assert.Equal(
            new Dictionary<string, string> { ["namespace"] = "shop", ["container"] = "app", ["pod"] = "my-app-7d9f", ["endpoint"] = "metrics" },
            target.Labels);
    }

    [Fact]
    public async Task Job_label_and_pod_target_labels_take_pod_label_values()
    {
        var job = await Translate.PodMonitorEndpointAsync(r =>
        {
            r.Spec()["jobLabel"] = "app";
            r.Spec()["podTargetLabels"] = new JsonArray("version");
        });

        var target = Targets(job, PodTarget(Pod, "metrics", 9100)).Values.Single();

        Assert.Equal("my-app", target.Job);
        Assert.Equal("v2", target.Labels["version"]);
    }

    [Fact]
    public async Task Finished_pods_are_dropped()
    {
        var job = (await Translate.PodMonitorAsync(SeedResources.PodMonitor()))[0];

        Assert.Empty(Targets(job, PodTarget(Pod with { Phase = "Succeeded" }, "metrics", 9100)));
    }

    [Fact]
    public async Task Selector_label_keys_with_dots_and_dashes_are_sanitized_into_meta_label_names()
    {
        var job = await Translate.PodMonitorEndpointAsync(r => r.Spec()["selector"] = JsonNode.Parse(
            """{ "matchLabels": { "app.kubernetes.io/name": "shop-api" } }"""));
        var pod = Pod with { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "shop-api" } };

        Assert.Single(Targets(job, PodTarget(pod, "metrics", 9100)));
        Assert.Contains(job.RelabelConfigs, r => r.SourceLabels.Contains("__meta_kubernetes_pod_label_app_kubernetes_io_name"));
    }
}
