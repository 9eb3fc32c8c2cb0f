using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class IngressRoleTests : DiscovererFixture
{
    private const string Ingresses = "/apis/networking.k8s.io/v1/ingresses";

    private static JsonObject Ingress(params string[] tlsHosts) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "Ingress",
        ["metadata"] = Metadata("shop", "edge", new Dictionary<string, string> { ["app"] = "web" }),
        ["spec"] = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray(tlsHosts.Select(h => (JsonNode)h).ToArray()) }),
            ["rules"] = new JsonArray(
                new JsonObject { ["host"] = "shop.example.com", ["http"] = new JsonObject { ["paths"] = new JsonArray(new JsonObject { ["path"] = "/api" }, new JsonObject { ["path"] = "" }) } },
                new JsonObject { ["host"] = "admin.example.org" }),
        },
    };

    [Fact]
    public async Task Ingress_role_makes_one_target_per_rule_and_path_at_the_host()
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Ingress, Ingresses, Ingress());

        Assert.Equal("ingress/shop/edge", group.Source);
        Assert.Equal(["shop.example.com", "shop.example.com", "admin.example.org"], group.Targets.Select(t => t[TargetLabelNames.Address]));
        Assert.Equal(["/api", "/", "/"], group.Targets.Select(t => t[IngressTargets.Path]));
        Assert.Equal("shop.example.com", group.Targets[0][IngressTargets.Host]);
        Assert.Equal("http", group.Targets[0][IngressTargets.Scheme]);
        Assert.Equal("edge", group.Labels[IngressTargets.Name]);
        Assert.Equal("nginx", group.Labels[IngressTargets.ClassName]);
        Assert.Equal("web", group.Labels["__meta_kubernetes_ingress_label_app"]);
        Assert.Equal("shop", group.Labels[MetaLabels.Namespace]);
    }

    [Theory]
    [InlineData("shop.example.com", "https")]
    [InlineData("*.example.com", "https")]
    [InlineData("*.shop.example.com", "http")]
    [InlineData("other.example.com", "http")]
    public async Task Ingress_scheme_is_https_when_a_tls_host_covers_the_rule(string tlsHost, string scheme)
    {
        var group = await SingleGroupAsync(KubernetesSdRole.Ingress, Ingresses, Ingress(tlsHost));

        Assert.Equal(scheme, group.Targets[0][IngressTargets.Scheme]);
        Assert.Equal("http", group.Targets[2][IngressTargets.Scheme]);
    }
}
