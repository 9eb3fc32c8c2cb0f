using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class PodRoleTests : DiscovererFixture
{
    private static JsonObject WithLabels()
    {
        var pod = Pod("shop", "web-1", "10.1.0.5", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web", ["tier"] = "front" }, 8080, 9090);
        pod["metadata"]!["annotations"] = Map(new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" });
        pod["metadata"]!["uid"] = "uid-1";
        pod["metadata"]!["ownerReferences"] = new JsonArray(
            new JsonObject { ["kind"] = "Node", ["name"] = "n", ["controller"] = false },
            new JsonObject { ["kind"] = "ReplicaSet", ["name"] = "web-5d9", ["controller"] = true });
        return pod;
    }

    [Fact]
    public async Task Pod_role_group_source_is_pod_namespace_name()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, WithLabels());

        Assert.Equal("pod/shop/web-1", group.Source);
    }

    [Fact]
    public async Task Pod_role_makes_one_target_per_container_port()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, WithLabels());

        Assert.Equal(["10.1.0.5:8080", "10.1.0.5:9090"], group.Targets.Select(t => t[TargetLabelNames.Address]));
        var target = group.Targets[0];
        Assert.Equal("app", target[MetaLabels.PodContainerName]);
        Assert.Equal("containerd://abc", target[MetaLabels.PodContainerId]);
        Assert.Equal("example/app:1", target[MetaLabels.PodContainerImage]);
        Assert.Equal("p8080", target[MetaLabels.PodContainerPortName]);
        Assert.Equal("8080", target[MetaLabels.PodContainerPortNumber]);
        Assert.Equal("TCP", target[MetaLabels.PodContainerPortProtocol]);
        Assert.Equal("false", target[MetaLabels.PodContainerInit]);
    }

    [Fact]
    public async Task Pod_role_makes_one_target_at_the_pod_ip_per_container_without_ports()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, Pod("shop", "batch", "10.1.0.6"));

        var target = Assert.Single(group.Targets);
        Assert.Equal("10.1.0.6", target[TargetLabelNames.Address]);
        Assert.Equal("app", target[MetaLabels.PodContainerName]);
        Assert.False(target.ContainsKey(MetaLabels.PodContainerPortNumber));
    }

    [Fact]
    public async Task Pod_role_includes_init_containers_with_the_init_label()
    {
        var pod = Pod("shop", "web-1", "10.1.0.5", null, 8080);
        pod["spec"]!["initContainers"] = new JsonArray(Container("setup", "example/setup:1"));
        pod["status"]!["initContainerStatuses"] = new JsonArray(new JsonObject { ["name"] = "setup", ["containerID"] = "containerd://init" });

        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, pod);

        Assert.Equal(2, group.Targets.Count);
        var init = group.Targets[1];
        Assert.Equal("true", init[MetaLabels.PodContainerInit]);
        Assert.Equal("setup", init[MetaLabels.PodContainerName]);
        Assert.Equal("containerd://init", init[MetaLabels.PodContainerId]);
        Assert.Equal("10.1.0.5", init[TargetLabelNames.Address]);
    }

    [Theory]
    [InlineData(MetaLabels.Namespace, "shop")]
    [InlineData(MetaLabels.PodName, "web-1")]
    [InlineData(MetaLabels.PodIp, "10.1.0.5")]
    [InlineData(MetaLabels.PodReady, "true")]
    [InlineData(MetaLabels.PodPhase, "Running")]
    [InlineData(MetaLabels.PodNodeName, "node-1")]
    [InlineData(MetaLabels.PodHostIp, "192.168.0.1")]
    [InlineData(MetaLabels.PodUid, "uid-1")]
    [InlineData(MetaLabels.PodControllerKind, "ReplicaSet")]
    [InlineData(MetaLabels.PodControllerName, "web-5d9")]
    public async Task Pod_role_sets_the_pod_labels_on_the_group(string name, string value)
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, WithLabels());

        Assert.Equal(value, group.Labels[name]);
    }

    [Theory]
    [InlineData("__meta_kubernetes_pod_label_app_kubernetes_io_name", "web")]
    [InlineData("__meta_kubernetes_pod_labelpresent_app_kubernetes_io_name", "true")]
    [InlineData("__meta_kubernetes_pod_label_tier", "front")]
    [InlineData("__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true")]
    [InlineData("__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape", "true")]
    public async Task Pod_role_sanitizes_label_and_annotation_names(string name, string value)
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, WithLabels());

        Assert.Equal(value, group.Labels[name]);
    }

    [Fact]
    public async Task Pod_role_has_no_controller_labels_without_a_controller_owner()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, Pod("shop", "bare", "10.1.0.7"));

        Assert.False(group.Labels.ContainsKey(MetaLabels.PodControllerKind));
        Assert.False(group.Labels.ContainsKey(MetaLabels.PodControllerName));
    }

    [Fact]
    public async Task Pod_ready_is_unknown_without_a_ready_condition()
    {
        var pod = Pod("shop", "starting", "10.1.0.8");
        pod["status"]!["conditions"] = new JsonArray();

        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, pod);

        Assert.Equal("unknown", group.Labels[MetaLabels.PodReady]);
    }

    [Fact]
    public async Task Pod_without_an_ip_yields_a_group_without_targets()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, Pod("shop", "pending", ip: null, ports: 8080));

        Assert.Equal("pod/shop/pending", group.Source);
        Assert.Empty(group.Targets);
        Assert.Empty(group.Labels);
    }

    [Fact]
    public async Task Pod_role_writes_ipv6_addresses_in_brackets()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Pod, Pods, Pod("shop", "v6", "fd00::5", null, 8080));

        Assert.Equal("[fd00::5]:8080", group.Targets[0][TargetLabelNames.Address]);
    }

    [Fact]
    public async Task Attach_metadata_node_adds_the_node_name_labels_and_annotations()
    {
        var node = Node("node-1", "192.168.0.1", new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "eu-1a" });
        node["metadata"]!["annotations"] = Map(new Dictionary<string, string> { ["team"] = "infra" });
        Server.Add(Nodes, node);
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080));

        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod) with { AttachNodeMetadata = true });

        var labels = Assert.Single(discoverer.Current).Labels;
        Assert.Equal("node-1", labels["__meta_kubernetes_node_name"]);
        Assert.Equal("eu-1a", labels["__meta_kubernetes_node_label_topology_kubernetes_io_zone"]);
        Assert.Equal("true", labels["__meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone"]);
        Assert.Equal("infra", labels["__meta_kubernetes_node_annotation_team"]);
    }

    [Fact]
    public async Task Node_labels_follow_a_node_change()
    {
        Server.Add(Nodes, Node("node-1", "192.168.0.1", new Dictionary<string, string> { ["zone"] = "a" }));
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080));
        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod) with { AttachNodeMetadata = true });

        Server.Update(Nodes, Node("node-1", "192.168.0.1", new Dictionary<string, string> { ["zone"] = "b" }));

        await Eventually.WaitAsync(() => discoverer.Current[0].Labels["__meta_kubernetes_node_label_zone"] == "b", Timeout, "the node change reaches the pod's group");
    }

    [Fact]
    public async Task Attach_metadata_namespace_adds_the_namespace_labels_and_annotations()
    {
        var ns = new JsonObject { ["metadata"] = Metadata(null, "shop", new Dictionary<string, string> { ["team"] = "payments" }, new Dictionary<string, string> { ["owner"] = "a@b" }) };
        Server.Add(Namespaces, ns);
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080));

        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod) with { AttachNamespaceMetadata = true });

        var labels = Assert.Single(discoverer.Current).Labels;
        Assert.Equal("payments", labels["__meta_kubernetes_namespace_label_team"]);
        Assert.Equal("true", labels["__meta_kubernetes_namespace_labelpresent_team"]);
        Assert.Equal("a@b", labels["__meta_kubernetes_namespace_annotation_owner"]);
        Assert.Equal("true", labels["__meta_kubernetes_namespace_annotationpresent_owner"]);
    }

    [Fact]
    public async Task A_deleted_pod_removes_its_group()
    {
        Server.Add(Pods, Pod("shop", "a", "10.1.0.1", null, 80));
        Server.Add(Pods, Pod("shop", "b", "10.1.0.2", null, 80));
        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod));
        var changes = 0;
        discoverer.Changed += () => Interlocked.Increment(ref changes);

        Server.Delete(Pods, "shop", "a");

        await Eventually.WaitAsync(() => discoverer.Current.Count == 1, Timeout, "the group of the deleted pod goes");
        Assert.Equal("pod/shop/b", discoverer.Current[0].Source);
        Assert.True(changes >= 1);
    }

    [Fact]
    public async Task An_unchanged_pod_keeps_its_group_instance()
    {
        Server.Add(Pods, Pod("shop", "a", "10.1.0.1", null, 80));
        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod));
        var before = discoverer.Current[0];

        Server.Add(Pods, Pod("shop", "b", "10.1.0.2", null, 80));

        await Eventually.WaitAsync(() => discoverer.Current.Count == 2, Timeout, "the new pod arrives");
        Assert.Same(before, discoverer.Current.Single(g => g.Source == "pod/shop/a"));
    }
}
