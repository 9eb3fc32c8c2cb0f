using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class EndpointsRoleTests : DiscovererFixture
{
    private static JsonObject Address(string ip, string? pod = null)
    {
        var address = new JsonObject { ["ip"] = ip, ["nodeName"] = "node-1", ["hostname"] = "h" };
        if (pod is not null)
        {
            address["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = pod, ["namespace"] = "shop" };
        }
        return address;
    }

    private static JsonObject Endpoints(JsonObject[] ready, JsonObject[] notReady) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Endpoints",
        ["metadata"] = Metadata("shop", "web", new Dictionary<string, string> { ["app"] = "web" }),
        ["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(ready.Select(a => (JsonNode)a).ToArray()),
            ["notReadyAddresses"] = new JsonArray(notReady.Select(a => (JsonNode)a).ToArray()),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" }),
        }),
    };

    [Fact]
    public async Task Endpoints_role_makes_targets_for_ready_then_not_ready_addresses()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Endpoints, KubernetesObjects.Endpoints, Endpoints([Address("10.1.0.5")], [Address("10.1.0.6")]));

        Assert.Equal("endpoints/shop/web", group.Source);
        Assert.Equal(["10.1.0.5:8080", "10.1.0.6:8080"], group.Targets.Select(t => t[TargetLabelNames.Address]));
        Assert.Equal(["true", "false"], group.Targets.Select(t => t[MetaLabels.EndpointReady]));
        var target = group.Targets[0];
        Assert.Equal("http", target[MetaLabels.EndpointPortName]);
        Assert.Equal("TCP", target[MetaLabels.EndpointPortProtocol]);
        Assert.Equal("node-1", target[MetaLabels.EndpointNodeName]);
        Assert.Equal("h", target[MetaLabels.EndpointHostname]);
    }

    [Fact]
    public async Task Endpoints_role_sets_its_own_and_its_service_labels_on_the_group()
    {
        Server.Add(Services, Service("shop", "web", labels: new Dictionary<string, string> { ["tier"] = "front" }, ports: 8080));

        var group = await SingleGroupAsync(KubernetesSdRole.Endpoints, KubernetesObjects.Endpoints, Endpoints([Address("10.1.0.5")], []));

        Assert.Equal("shop", group.Labels[MetaLabels.Namespace]);
        Assert.Equal("web", group.Labels[MetaLabels.EndpointsName]);
        Assert.Equal("web", group.Labels["__meta_kubernetes_endpoints_label_app"]);
        Assert.Equal("true", group.Labels["__meta_kubernetes_endpoints_labelpresent_app"]);
        Assert.Equal("web", group.Labels[MetaLabels.ServiceName]);
        Assert.Equal("front", group.Labels["__meta_kubernetes_service_label_tier"]);
    }

    [Fact]
    public async Task Endpoints_role_attaches_the_pod_and_its_uncovered_ports()
    {
        Server.Add(Pods, Pod("shop", "web-1", "10.1.0.5", null, 8080, 9100));

        var group = await SingleGroupAsync(KubernetesSdRole.Endpoints, KubernetesObjects.Endpoints, Endpoints([Address("10.1.0.5", "web-1")], []));

        Assert.Equal(["10.1.0.5:8080", "10.1.0.5:9100"], group.Targets.Select(t => t[TargetLabelNames.Address]));
        var target = group.Targets[0];
        Assert.Equal("Pod", target[MetaLabels.EndpointTargetKind]);
        Assert.Equal("web-1", target[MetaLabels.EndpointTargetName]);
        Assert.Equal("web-1", target[MetaLabels.PodName]);
        Assert.Equal("p8080", target[MetaLabels.PodContainerPortName]);
        Assert.Equal("9100", group.Targets[1][MetaLabels.PodContainerPortNumber]);
    }
}
