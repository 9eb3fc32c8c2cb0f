using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class EndpointSliceRoleTests : DiscovererFixture
{
    private static JsonObject Slice(string ns, string name, string service, params (string Ip, string? Pod)[] endpoints) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = Metadata(ns, name, new Dictionary<string, string> { [EndpointSliceInfo.ServiceNameLabel] = service }),
        ["addressType"] = "IPv4",
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP", ["appProtocol"] = "http" }),
        ["endpoints"] = new JsonArray(endpoints.Select(e =>
        {
            var endpoint = new JsonObject
            {
                ["addresses"] = new JsonArray(e.Ip),
                ["conditions"] = new JsonObject { ["ready"] = true, ["serving"] = true, ["terminating"] = false },
                ["nodeName"] = "node-1",
                ["zone"] = "eu-1a",
                ["hostname"] = "h",
            };
            if (e.Pod is not null)
            {
                endpoint["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = e.Pod, ["namespace"] = ns };
            }
            return (JsonNode)endpoint;
        }).ToArray()),
    };

    [Fact]
    public async Task Endpointslice_role_makes_one_target_per_address_and_port_with_its_labels()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.EndpointSlice, EndpointSlices, Slice("shop", "web-abc", "web", ("10.1.0.5", null)));

        Assert.Equal("endpointslice/shop/web-abc", group.Source);
        var target = Assert.Single(group.Targets);
        Assert.Equal("10.1.0.5:8080", target[TargetLabelNames.Address]);
        Assert.Equal("http", target[MetaLabels.EndpointSlicePortName]);
        Assert.Equal("TCP", target[MetaLabels.EndpointSlicePortProtocol]);
        Assert.Equal("8080", target[MetaLabels.EndpointSlicePort]);
        Assert.Equal("http", target[MetaLabels.EndpointSlicePortAppProtocol]);
        Assert.Equal("true", target[MetaLabels.EndpointSliceReady]);
        Assert.Equal("true", target[MetaLabels.EndpointSliceServing]);
        Assert.Equal("false", target[MetaLabels.EndpointSliceTerminating]);
        Assert.Equal("h", target[MetaLabels.EndpointSliceHostname]);
        Assert.Equal("node-1", target[MetaLabels.EndpointSliceNodeName]);
        Assert.Equal("eu-1a", target[MetaLabels.EndpointSliceZone]);
        Assert.Equal("shop", group.Labels[MetaLabels.Namespace]);
        Assert.Equal("IPv4", group.Labels[MetaLabels.EndpointSliceAddressType]);
        Assert.Equal("web-abc", group.Labels["__meta_kubernetes_endpointslice_name"]);
        Assert.Equal("web", group.Labels["__meta_kubernetes_endpointslice_label_kubernetes_io_service_name"]);
    }

    [Fact]
    public async Task Endpointslice_role_adds_the_labels_of_its_service()
    {
        Server.Add(Services, Service("shop", "web", labels: new Dictionary<string, string> { ["app"] = "web" }, ports: 8080));

        var group = await SingleGroupAsync(KubernetesSdRole.EndpointSlice, EndpointSlices, Slice("shop", "web-abc", "web", ("10.1.0.5", null)));

        Assert.Equal("web", group.Labels["__meta_kubernetes_service_name"]);
        Assert.Equal("web", group.Labels["__meta_kubernetes_service_label_app"]);
    }

    [Fact]
    public async Task Endpointslice_role_adds_the_pod_and_the_matching_container_port()
    {
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", new Dictionary<string, string> { ["app"] = "web" }, 8080));

        var group = await SingleGroupAsync(KubernetesSdRole.EndpointSlice, EndpointSlices, Slice("shop", "web-abc", "web", ("10.1.0.5", "web-1")));

        var target = Assert.Single(group.Targets);
        Assert.Equal("Pod", target[MetaLabels.EndpointSliceTargetKind]);
        Assert.Equal("web-1", target[MetaLabels.EndpointSliceTargetName]);
        Assert.Equal("web-1", target[MetaLabels.PodName]);
        Assert.Equal("web", target["__meta_kubernetes_pod_label_app"]);
        Assert.Equal("app", target[MetaLabels.PodContainerName]);
        Assert.Equal("p8080", target[MetaLabels.PodContainerPortName]);
        Assert.Equal("8080", target[MetaLabels.PodContainerPortNumber]);
    }

    [Fact]
    public async Task Endpointslice_role_adds_targets_for_pod_ports_no_slice_port_covers()
    {
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080, 9100));

        var group = await SingleGroupAsync(KubernetesSdRole.EndpointSlice, EndpointSlices, Slice("shop", "web-abc", "web", ("10.1.0.5", "web-1")));

        Assert.Equal(["10.1.0.5:8080", "10.1.0.5:9100"], group.Targets.Select(t => t[TargetLabelNames.Address]));
        var extra = group.Targets[1];
        Assert.Equal("9100", extra[MetaLabels.PodContainerPortNumber]);
        Assert.Equal("web-1", extra[MetaLabels.PodName]);
        Assert.False(extra.ContainsKey(MetaLabels.EndpointSlicePort));
    }

    [Fact]
    public async Task Endpointslice_targets_follow_a_pod_that_appears_later()
    {
        Server.Add(EndpointSlices, Slice("shop", "web-abc", "web", ("10.1.0.5", "web-1")));
        var discoverer = await StartAsync(Config(KubernetesSdRole.EndpointSlice));
        Assert.False(discoverer.Current[0].Targets[0].ContainsKey(MetaLabels.PodName));

        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080));

        await Eventually.WaitAsync(() => discoverer.Current[0].Targets[0].ContainsKey(MetaLabels.PodName), Timeout, "the pod's labels are attached");
    }

    [Fact]
    public async Task A_slice_keeps_its_group_instance_when_an_unrelated_pod_changes()
    {
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080));
        Server.Add(EndpointSlices, Slice("shop", "web-abc", "web", ("10.1.0.5", "web-1")));
        Server.Add(EndpointSlices, Slice("shop", "db-abc", "db", ("10.1.0.9", null)));
        var discoverer = await StartAsync(Config(KubernetesSdRole.EndpointSlice));
        var web = discoverer.Current.Single(g => g.Source == "endpointslice/shop/web-abc");
        var db = discoverer.Current.Single(g => g.Source == "endpointslice/shop/db-abc");

        Server.Update(Pods, Pod("shop", "web-1", "10.1.0.5", new Dictionary<string, string> { ["v"] = "2" }, 8080));

        await Eventually.WaitAsync(() => discoverer.Current.Single(g => g.Source == "endpointslice/shop/web-abc").Targets[0].ContainsKey("__meta_kubernetes_pod_label_v"), Timeout, "the pod's change reaches its slice");
        Assert.NotSame(web, discoverer.Current.Single(g => g.Source == "endpointslice/shop/web-abc"));
        Assert.Same(db, discoverer.Current.Single(g => g.Source == "endpointslice/shop/db-abc"));
    }
}
