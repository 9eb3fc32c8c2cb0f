using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Enrichment;
using OrleansScrape.Processing.KubernetesAttributes;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests.Enrichment;

/// <summary>The k8sattributes pod cache of a gateway silo follows the cluster's pods and namespaces by list+watch.</summary>
public sealed class PodIndexFeederTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static JsonObject ReplicaSetPod(string ns, string name, string ip, string uid)
    {
        var pod = Pod(ns, name, ip, new Dictionary<string, string> { ["app"] = "cart" });
        var metadata = pod["metadata"]!.AsObject();
        metadata["uid"] = uid;
        metadata["annotations"] = Map(new Dictionary<string, string> { ["team"] = "checkout" });
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "cart-7d9f8c6b5", ["uid"] = "rs-1", ["controller"] = true,
        });
        pod["status"]!["startTime"] = "2026-11-24T10:00:00Z";
        return pod;
    }

    [Fact]
    public async Task Listed_pods_are_found_by_ip_uid_and_name_with_their_owner_labels_and_start_time()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(Pods, ReplicaSetPod("shop", "cart-7d9f8c6b5-x2x4z", "10.1.0.9", "uid-9"));
        using var client = new KubernetesApiClient(server.BaseAddress);
        var index = new PodMetadataIndex();
        using var feeder = new PodIndexFeeder(client, index);

        await feeder.StartAsync(CancellationToken.None);

        var pod = Assert.IsType<PodMetadata>(index.FindByIp("10.1.0.9"));
        Assert.Same(pod, index.FindByUid("uid-9"));
        Assert.Same(pod, index.FindByName("shop", "cart-7d9f8c6b5-x2x4z"));
        Assert.Equal(("ReplicaSet", "cart-7d9f8c6b5", "rs-1"), (pod.OwnerKind, pod.OwnerName, pod.OwnerUid));
        Assert.Equal("cart", pod.DeploymentName());
        Assert.Equal("node-1", pod.NodeName);
        Assert.Equal(["app"], pod.Containers);
        Assert.Contains(new KeyValuePair<string, string>("app", "cart"), pod.Labels);
        Assert.Contains(new KeyValuePair<string, string>("team", "checkout"), pod.Annotations);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T10:00:00Z"), pod.StartTime);
    }

    [Fact]
    public async Task Watched_changes_add_update_and_remove_pods()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = new KubernetesApiClient(server.BaseAddress);
        var index = new PodMetadataIndex();
        using var feeder = new PodIndexFeeder(client, index);
        await feeder.StartAsync(CancellationToken.None);

        server.Add(Pods, ReplicaSetPod("shop", "cart-1", "10.1.0.1", "uid-1"));
        await Eventually.WaitAsync(() => index.FindByUid("uid-1") is not null, Timeout, "the added pod is indexed");

        server.Update(Pods, ReplicaSetPod("shop", "cart-1", "10.1.0.2", "uid-1"));
        await Eventually.WaitAsync(() => index.FindByIp("10.1.0.2") is not null, Timeout, "the pod's new IP is indexed");
        Assert.Null(index.FindByIp("10.1.0.1"));

        Assert.True(server.Delete(Pods, "shop", "cart-1"));
        await Eventually.WaitAsync(() => index.FindByUid("uid-1") is null, Timeout, "the deleted pod leaves the index");
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task Namespace_labels_are_indexed_for_namespace_extraction_rules()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(Namespaces, new JsonObject { ["metadata"] = Metadata(null, "shop", new Dictionary<string, string> { ["tier"] = "prod" }) });
        using var client = new KubernetesApiClient(server.BaseAddress);
        var index = new PodMetadataIndex();
        using var feeder = new PodIndexFeeder(client, index);

        await feeder.StartAsync(CancellationToken.None);

        var ns = Assert.IsType<NamespaceMetadata>(index.FindNamespace("shop"));
        Assert.Contains(new KeyValuePair<string, string>("tier", "prod"), ns.Labels);
    }

    [Fact]
    public async Task Namespace_filter_watches_only_that_namespace()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(Pods, ReplicaSetPod("shop", "cart-1", "10.1.0.1", "uid-1"));
        server.Add(Pods, ReplicaSetPod("other", "cart-2", "10.1.0.2", "uid-2"));
        using var client = new KubernetesApiClient(server.BaseAddress);
        var index = new PodMetadataIndex();
        using var feeder = new PodIndexFeeder(client, index, @namespace: "shop");

        await feeder.StartAsync(CancellationToken.None);

        Assert.NotNull(index.FindByUid("uid-1"));
        Assert.Null(index.FindByUid("uid-2"));
    }

    [Fact]
    public async Task A_lost_connection_keeps_the_indexed_pods()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(Pods, ReplicaSetPod("shop", "cart-1", "10.1.0.1", "uid-1"));
        using var client = new KubernetesApiClient(server.BaseAddress);
        var index = new PodMetadataIndex();
        using var feeder = new PodIndexFeeder(client, index);
        await feeder.StartAsync(CancellationToken.None);

        server.FailRequests(3, 503);
        server.DropWatches();
        server.Add(Pods, ReplicaSetPod("shop", "cart-2", "10.1.0.2", "uid-2"));

        Assert.NotNull(index.FindByUid("uid-1"));
        await Eventually.WaitAsync(() => index.FindByUid("uid-2") is not null, TimeSpan.FromSeconds(30), "the watch resumes and sees the new pod");
        Assert.NotNull(index.FindByUid("uid-1"));
    }
}
