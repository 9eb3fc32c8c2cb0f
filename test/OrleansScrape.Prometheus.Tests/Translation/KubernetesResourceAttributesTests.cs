using OrleansScrape.Prometheus.Translation;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class KubernetesResourceAttributesTests
{
    private static Dictionary<string, string> Resource(Dictionary<string, string>? discovered) =>
        PrometheusToOtlpTranslator.ResourceAttributes("app", "10.0.0.7:8080", "http", discovered).ToDictionary(a => a.Key, a => a.Value);

    [Fact]
    public void Pod_role_labels_give_pod_container_namespace_and_node()
    {
        var resource = Resource(new()
        {
            ["__meta_kubernetes_pod_name"] = "web-1",
            ["__meta_kubernetes_pod_uid"] = "uid-1",
            ["__meta_kubernetes_pod_container_name"] = "server",
            ["__meta_kubernetes_namespace"] = "shop",
            ["__meta_kubernetes_pod_node_name"] = "node-a",
            ["__meta_kubernetes_pod_label_app"] = "web",
        });

        Assert.Equal("web-1", resource["k8s.pod.name"]);
        Assert.Equal("uid-1", resource["k8s.pod.uid"]);
        Assert.Equal("server", resource["k8s.container.name"]);
        Assert.Equal("shop", resource["k8s.namespace.name"]);
        Assert.Equal("node-a", resource["k8s.node.name"]);
        Assert.Equal("app", resource["service.name"]);
        Assert.DoesNotContain(resource.Keys, k => k.Contains("app", StringComparison.Ordinal) && k != "service.name");
    }

    [Theory]
    [InlineData("__meta_kubernetes_node_name")]
    [InlineData("__meta_kubernetes_endpoint_node_name")]
    public void Node_and_endpoints_roles_give_the_node_name(string label) =>
        Assert.Equal("node-b", Resource(new() { [label] = "node-b" })["k8s.node.name"]);

    [Theory]
    [InlineData("ReplicaSet", "k8s.replicaset.name")]
    [InlineData("DaemonSet", "k8s.daemonset.name")]
    [InlineData("StatefulSet", "k8s.statefulset.name")]
    [InlineData("Job", "k8s.job.name")]
    [InlineData("CronJob", "k8s.cronjob.name")]
    public void Pod_controller_gives_its_workload_name_by_kind(string kind, string attribute) =>
        Assert.Equal("owner", Resource(new()
        {
            ["__meta_kubernetes_pod_controller_kind"] = kind,
            ["__meta_kubernetes_pod_controller_name"] = "owner",
        })[attribute]);

    [Fact]
    public void Unknown_controller_kind_adds_nothing() =>
        Assert.Equal(Resource(null).Count, Resource(new()
        {
            ["__meta_kubernetes_pod_controller_kind"] = "Rollout",
            ["__meta_kubernetes_pod_controller_name"] = "owner",
        }).Count);

    [Fact]
    public void Empty_discovered_values_are_left_out() =>
        Assert.False(Resource(new() { ["__meta_kubernetes_pod_name"] = "" }).ContainsKey("k8s.pod.name"));

    [Fact]
    public void Without_discovered_labels_the_resource_is_unchanged() =>
        Assert.Equal(Resource(null), Resource(new()));
}
