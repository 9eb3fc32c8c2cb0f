using OrleansScrape.Processing.KubernetesAttributes;

namespace OrleansScrape.Processing.Tests.KubernetesAttributes;

public sealed class PodMetadataTests
{
    private static PodMetadata Owned(string kind, string name, params KeyValuePair<string, string>[] labels) =>
        new() { Name = "p", Namespace = "ns", OwnerKind = kind, OwnerName = name, Labels = labels };

    [Theory]
    [InlineData("web-7d4b9c8f6d", "web")]
    [InlineData("my-app-v2-5f9c7b6d4", "my-app-v2")]
    public void Deployment_name_trims_the_pod_template_hash_of_the_replicaset(string replicaSet, string deployment) =>
        Assert.Equal(deployment, Owned("ReplicaSet", replicaSet).DeploymentName());

    [Fact]
    public void Deployment_name_uses_the_pod_template_hash_label_when_present() =>
        Assert.Equal("api", Owned("ReplicaSet", "api-abc12", new KeyValuePair<string, string>("pod-template-hash", "abc12")).DeploymentName());

    [Fact]
    public void Deployment_name_is_unknown_without_a_replicaset_owner() =>
        Assert.Null(Owned("StatefulSet", "db").DeploymentName());

    [Theory]
    [InlineData("backup-28391040", "backup")]
    [InlineData("nightly-report-1700000000", "nightly-report")]
    public void Cronjob_name_comes_from_a_job_named_with_a_numeric_suffix(string job, string cronJob) =>
        Assert.Equal(cronJob, Owned("Job", job).CronJobName());

    [Fact]
    public void Cronjob_name_is_unknown_for_a_job_without_a_numeric_suffix() =>
        Assert.Null(Owned("Job", "migrate-db").CronJobName());

    [Fact]
    public void From_discovered_labels_reads_the_pod_role_meta_labels()
    {
        var pod = PodMetadata.FromDiscoveredLabels(new Dictionary<string, string>
        {
            ["__meta_kubernetes_pod_name"] = "web-7d4b9c8f6d-x2x9z",
            ["__meta_kubernetes_namespace"] = "shop",
            ["__meta_kubernetes_pod_uid"] = "uid-1",
            ["__meta_kubernetes_pod_node_name"] = "node-a",
            ["__meta_kubernetes_pod_ip"] = "10.0.0.7",
            ["__meta_kubernetes_pod_controller_kind"] = "ReplicaSet",
            ["__meta_kubernetes_pod_controller_name"] = "web-7d4b9c8f6d",
            ["__meta_kubernetes_pod_container_name"] = "server",
            ["__meta_kubernetes_pod_label_app"] = "web",
            ["__meta_kubernetes_pod_annotation_team"] = "payments",
            ["__address__"] = "10.0.0.7:8080",
        });

        Assert.NotNull(pod);
        Assert.Equal(("web-7d4b9c8f6d-x2x9z", "shop", "uid-1", "node-a", "10.0.0.7"), (pod.Name, pod.Namespace, pod.Uid, pod.NodeName, pod.Ip));
        Assert.Equal(("ReplicaSet", "web-7d4b9c8f6d"), (pod.OwnerKind, pod.OwnerName));
        Assert.Equal("web", pod.Label("app"));
        Assert.Equal("payments", pod.Annotation("team"));
        Assert.Equal(["server"], pod.Containers);
        Assert.Equal("web", pod.DeploymentName());
    }

    [Theory]
    [InlineData("__meta_kubernetes_endpoint_node_name")]
    [InlineData("__meta_kubernetes_endpointslice_endpoint_node_name")]
    public void From_discovered_labels_takes_the_node_of_an_endpoints_or_endpointslice_target(string label)
    {
        var pod = PodMetadata.FromDiscoveredLabels(new Dictionary<string, string>
        {
            ["__meta_kubernetes_pod_name"] = "p",
            ["__meta_kubernetes_namespace"] = "ns",
            [label] = "node-b",
        });
        Assert.Equal("node-b", pod!.NodeName);
    }

    [Fact]
    public void From_discovered_labels_without_a_pod_gives_nothing() =>
        Assert.Null(PodMetadata.FromDiscoveredLabels(new Dictionary<string, string> { ["__meta_kubernetes_node_name"] = "n" }));
}
