using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class DiscoveryBehaviourTests : DiscovererFixture
{
    [Fact]
    public async Task Namespaces_limit_discovery_to_one_watch_per_listed_namespace()
    {
        Server.Add(Pods, Pod("a", "p", "10.0.0.1", null, 80));
        Server.Add(Pods, Pod("b", "p", "10.0.0.2", null, 80));
        Server.Add(Pods, Pod("c", "p", "10.0.0.3", null, 80));

        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod) with { Namespaces = ["a", "c"] });

        Assert.Equal(["pod/a/p", "pod/c/p"], discoverer.Current.Select(g => g.Source).Order());
        Assert.Contains(Server.Requests, r => r.StartsWith("GET /api/v1/namespaces/a/pods?"));
        Assert.Contains(Server.Requests, r => r.StartsWith("GET /api/v1/namespaces/c/pods?"));
        Assert.DoesNotContain(Server.Requests, r => r.StartsWith("GET /api/v1/pods?"));
    }

    [Fact]
    public async Task Without_namespaces_one_watch_covers_all_namespaces()
    {
        Server.Add(Pods, Pod("a", "p", "10.0.0.1", null, 80));
        Server.Add(Pods, Pod("b", "p", "10.0.0.2", null, 80));

        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod));

        Assert.Equal(2, discoverer.Current.Count);
        Assert.All(Server.Requests, r => Assert.StartsWith("GET /api/v1/pods?", r));
    }

    [Fact]
    public async Task Selectors_of_the_role_are_sent_to_the_api_server()
    {
        Server.Add(Pods, Pod("a", "web", "10.0.0.1", new Dictionary<string, string> { ["app"] = "web" }, 80));
        Server.Add(Pods, Pod("a", "db", "10.0.0.2", new Dictionary<string, string> { ["app"] = "db" }, 80));
        var config = Config(KubernetesSdRole.Pod) with { Selectors = [new KubernetesSdSelector { Role = KubernetesSdRole.Pod, Label = "app=web", Field = "metadata.namespace=a" }] };

        var discoverer = await StartAsync(config);

        Assert.Equal("pod/a/web", Assert.Single(discoverer.Current).Source);
        Assert.All(Server.Requests, r => Assert.Contains("labelSelector=app%3Dweb&fieldSelector=metadata.namespace%3Da", r));
    }

    [Fact]
    public async Task Endpointslice_role_sends_each_selector_to_its_own_watch()
    {
        var config = Config(KubernetesSdRole.EndpointSlice) with
        {
            Selectors = [new KubernetesSdSelector { Role = KubernetesSdRole.Service, Label = "team=a" }, new KubernetesSdSelector { Role = KubernetesSdRole.Pod, Label = "tier=b" }],
        };

        await StartAsync(config);

        Assert.Contains(Server.Requests, r => r.StartsWith("GET /api/v1/services?") && r.Contains("labelSelector=team%3Da"));
        Assert.Contains(Server.Requests, r => r.StartsWith("GET /api/v1/pods?") && r.Contains("labelSelector=tier%3Db"));
        Assert.Contains(Server.Requests, r => r.StartsWith("GET /apis/discovery.k8s.io/v1/endpointslices?") && !r.Contains("labelSelector"));
    }

    [Fact]
    public async Task Two_jobs_with_the_same_watch_share_one_list_and_one_watch()
    {
        Server.Add(EndpointSlices, new System.Text.Json.Nodes.JsonObject { ["metadata"] = Metadata("a", "s"), ["addressType"] = "IPv4" });
        var first = await StartAsync(Config(KubernetesSdRole.EndpointSlice));
        var second = await StartAsync(Config(KubernetesSdRole.EndpointSlice));
        await Eventually.WaitAsync(() => Server.OpenWatchCount == 3, Timeout, "slices, services and pods are watched");

        Assert.Equal(3, Pool.WatchCount);
        Assert.Equal(1, Server.Requests.Count(r => r.StartsWith("GET /apis/discovery.k8s.io/v1/endpointslices?limit=")));
        Assert.Equal(first.Current, second.Current);

        first.Dispose();
        Assert.Equal(3, Pool.WatchCount);
        second.Dispose();
        Assert.Equal(0, Pool.WatchCount);
    }

    [Fact]
    public async Task A_lost_connection_keeps_the_targets_and_reports_the_error()
    {
        Server.Add(Pods, Pod("a", "p", "10.0.0.1", null, 80));
        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod));
        await Eventually.WaitAsync(() => Server.OpenWatchCount == 1, Timeout, "the watch opens");

        Server.FailRequests(int.MaxValue, 503);
        Server.DropWatches();

        await Eventually.WaitAsync(() => discoverer.LastError is not null, Timeout, "the error is reported");
        Assert.Single(discoverer.Current);
        Server.FailRequests(0, 503);
        Server.Add(Pods, Pod("a", "q", "10.0.0.2", null, 80));
        await Eventually.WaitAsync(() => discoverer.Current.Count == 2 && discoverer.LastError is null, Timeout, "discovery recovers");
    }

    [Fact]
    public async Task A_metadata_filter_keeps_only_referenced_labels_and_annotations()
    {
        var pod = Pod("a", "p", "10.0.0.1", new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "5d9" }, 80);
        pod["metadata"]!["annotations"] = Map(new Dictionary<string, string> { ["kubectl.kubernetes.io/last-applied-configuration"] = new string('x', 4000) });
        Server.Add(Pods, pod);
        var filter = new MetadataFilter("app-only", name => name.EndsWith("_label_app", StringComparison.Ordinal));

        var discoverer = await StartAsync(Config(KubernetesSdRole.Pod), filter);

        var labels = Assert.Single(discoverer.Current).Labels;
        Assert.Equal("web", labels["__meta_kubernetes_pod_label_app"]);
        Assert.Equal("true", labels["__meta_kubernetes_pod_labelpresent_app"]);
        Assert.DoesNotContain(labels.Keys, k => k.Contains("template_hash") || k.Contains("annotation"));
        Assert.Equal("10.0.0.1", labels[MetaLabels.PodIp]);
    }

    [Fact]
    public async Task An_unusable_connection_reports_why_instead_of_throwing()
    {
        // No api_server, no kubeconfig and not in a cluster: in-cluster credentials are missing.
        var discoverer = await StartAsync(new KubernetesSdConfig { Role = KubernetesSdRole.Pod, KubeconfigFile = "/nonexistent/kubeconfig" });

        Assert.Empty(discoverer.Current);
        Assert.Contains("kubeconfig", discoverer.LastError);
    }
}
