using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class ServiceAndNodeRoleTests : DiscovererFixture
{
    [Fact]
    public async Task Service_role_makes_one_target_per_port_at_the_service_dns_name()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Service, Services, Service("shop", "web", ports: [80, 443]));

        Assert.Equal("svc/shop/web", group.Source);
        Assert.Equal(["web.shop.svc:80", "web.shop.svc:443"], group.Targets.Select(t => t[TargetLabelNames.Address]));
        var target = group.Targets[0];
        Assert.Equal("s80", target[MetaLabels.ServicePortName]);
        Assert.Equal("80", target[MetaLabels.ServicePortNumber]);
        Assert.Equal("TCP", target[MetaLabels.ServicePortProtocol]);
        Assert.Equal("ClusterIP", target[MetaLabels.ServiceType]);
        Assert.Equal("10.96.0.10", target[MetaLabels.ServiceClusterIp]);
    }

    [Fact]
    public async Task Service_role_sets_namespace_name_labels_and_annotations_on_the_group()
    {
        var service = Service("shop", "web", labels: new Dictionary<string, string> { ["app"] = "web" }, ports: 80);
        service["metadata"]!["annotations"] = Map(new Dictionary<string, string> { ["prometheus.io/port"] = "80" });

        var group = await SingleGroupAsync(KubernetesSdRole.Service, Services, service);

        Assert.Equal("shop", group.Labels[MetaLabels.Namespace]);
        Assert.Equal("web", group.Labels["__meta_kubernetes_service_name"]);
        Assert.Equal("web", group.Labels["__meta_kubernetes_service_label_app"]);
        Assert.Equal("true", group.Labels["__meta_kubernetes_service_labelpresent_app"]);
        Assert.Equal("80", group.Labels["__meta_kubernetes_service_annotation_prometheus_io_port"]);
        Assert.Equal("true", group.Labels["__meta_kubernetes_service_annotationpresent_prometheus_io_port"]);
    }

    [Fact]
    public async Task ExternalName_service_sets_the_external_name_instead_of_the_cluster_ip()
    {
        var service = Service("shop", "db", "ExternalName", ports: 5432);
        service["spec"]!["externalName"] = "db.example.com";

        var target = (await SingleGroupAsync(KubernetesSdRole.Service, Services, service)).Targets[0];

        Assert.Equal("db.example.com", target[MetaLabels.ServiceExternalName]);
        Assert.False(target.ContainsKey(MetaLabels.ServiceClusterIp));
    }

    [Fact]
    public async Task LoadBalancer_service_sets_the_load_balancer_ip()
    {
        var service = Service("shop", "edge", "LoadBalancer", ports: 443);
        service["spec"]!["loadBalancerIP"] = "203.0.113.7";

        var target = (await SingleGroupAsync(KubernetesSdRole.Service, Services, service)).Targets[0];

        Assert.Equal("203.0.113.7", target[MetaLabels.ServiceLoadBalancerIp]);
        Assert.Equal("10.96.0.10", target[MetaLabels.ServiceClusterIp]);
    }

    [Fact]
    public async Task Node_role_targets_the_kubelet_at_the_internal_ip_with_the_node_as_instance()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Node, Nodes, Node("node-1", "192.168.0.1", new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" }));

        Assert.Equal("node/node-1", group.Source);
        var target = Assert.Single(group.Targets);
        Assert.Equal("192.168.0.1:10250", target[TargetLabelNames.Address]);
        Assert.Equal("node-1", target[TargetLabelNames.Instance]);
        Assert.Equal("192.168.0.1", target["__meta_kubernetes_node_address_InternalIP"]);
        Assert.Equal("node-1", target["__meta_kubernetes_node_address_Hostname"]);
        Assert.Equal("node-1", group.Labels["__meta_kubernetes_node_name"]);
        Assert.Equal("aws:///node-1", group.Labels[MetaLabels.NodeProviderId]);
        Assert.Equal("linux", group.Labels["__meta_kubernetes_node_label_kubernetes_io_os"]);
        Assert.Equal("true", group.Labels["__meta_kubernetes_node_labelpresent_kubernetes_io_os"]);
    }

    [Fact]
    public async Task Node_role_prefers_addresses_in_prometheus_order()
    {
        var node = Node("node-2", "unused");
        node["status"]!["addresses"] = new JsonArray(
            new JsonObject { ["type"] = "Hostname", ["address"] = "node-2" },
            new JsonObject { ["type"] = "ExternalIP", ["address"] = "198.51.100.2" });

        var target = (await SingleGroupAsync(KubernetesSdRole.Node, Nodes, node)).Targets[0];

        Assert.Equal("198.51.100.2:10250", target[TargetLabelNames.Address]);
    }

    [Fact]
    public async Task Node_without_addresses_yields_no_group()
    {
        var node = Node("node-3", "unused");
        node["status"]!["addresses"] = new JsonArray();
        Server.Add(Nodes, node);

        var discoverer = await StartAsync(Config(KubernetesSdRole.Node));

        Assert.Empty(discoverer.Current);
        Assert.Null(discoverer.LastError);
    }
}
