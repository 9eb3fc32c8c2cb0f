using OrleansScrape.Processing.KubernetesAttributes;

namespace OrleansScrape.Processing.Tests.KubernetesAttributes;

public sealed class PodMetadataIndexTests
{
    private static PodMetadata Pod(string name, string uid, string ip) => new() { Name = name, Namespace = "ns", Uid = uid, Ip = ip };

    [Fact]
    public void Pods_are_found_by_ip_uid_and_namespace_and_name()
    {
        var index = new PodMetadataIndex();
        var pod = Pod("a", "uid-a", "10.0.0.1");
        index.AddOrUpdate(pod);

        Assert.Same(pod, index.FindByIp("10.0.0.1"));
        Assert.Same(pod, index.FindByUid("uid-a"));
        Assert.Same(pod, index.FindByName("ns", "a"));
        Assert.Null(index.FindByName("other", "a"));
    }

    [Fact]
    public void An_update_replaces_the_old_ip_and_uid()
    {
        var index = new PodMetadataIndex();
        index.AddOrUpdate(Pod("a", "uid-1", "10.0.0.1"));
        var restarted = Pod("a", "uid-2", "10.0.0.2");
        index.AddOrUpdate(restarted);

        Assert.Null(index.FindByIp("10.0.0.1"));
        Assert.Null(index.FindByUid("uid-1"));
        Assert.Same(restarted, index.FindByIp("10.0.0.2"));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Removing_a_pod_keeps_an_ip_another_pod_took_since()
    {
        var index = new PodMetadataIndex();
        index.AddOrUpdate(Pod("old", "uid-1", "10.0.0.1"));
        var successor = Pod("new", "uid-2", "10.0.0.1");
        index.AddOrUpdate(successor);

        Assert.True(index.Remove("ns", "old"));
        Assert.Same(successor, index.FindByIp("10.0.0.1"));
        Assert.Null(index.FindByUid("uid-1"));
    }

    [Fact]
    public void Concurrent_writers_and_readers_leave_a_consistent_index()
    {
        var index = new PodMetadataIndex();
        Parallel.For(0, 2000, i =>
        {
            var name = $"p{i % 100}";
            index.AddOrUpdate(Pod(name, $"uid-{i}", $"10.0.{i % 100}.1"));
            _ = index.FindByName("ns", name);
            if (i % 7 == 0)
            {
                index.Remove("ns", name);
            }
        });
        for (var i = 0; i < 100; i++)
        {
            if (index.FindByName("ns", $"p{i}") is { } pod)
            {
                Assert.Same(pod, index.FindByUid(pod.Uid));
            }
        }
    }
}
