using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;

namespace OrleansScrape.Kubernetes.Tests;

/// <summary>A fake API server and a watch pool per test, and helpers to start discoverers against them.</summary>
public abstract class DiscovererFixture : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected FakeKubernetesApiServer Server { get; private set; } = null!;

    protected KubernetesWatchPool Pool { get; private set; } = null!;

    private readonly List<IDisposable> _discoverers = [];

    public async Task InitializeAsync()
    {
        Server = await FakeKubernetesApiServer.StartAsync();
        Pool = new KubernetesWatchPool(new ResourceWatcherOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) });
    }

    public async Task DisposeAsync()
    {
        _discoverers.ForEach(d => d.Dispose());
        Pool.Dispose();
        await Server.DisposeAsync();
    }

    protected KubernetesSdConfig Config(KubernetesSdRole role) => new() { Role = role, ApiServer = Server.BaseAddress.AbsoluteUri };

    protected async Task<KubernetesSdDiscoverer> StartAsync(KubernetesSdConfig config, MetadataFilter? filter = null)
    {
        var discoverer = new KubernetesSdDiscoverer(config, Pool, filter);
        _discoverers.Add(discoverer);
        await discoverer.StartAsync(CancellationToken.None);
        return discoverer;
    }

    /// <summary>Adds the objects, starts a discoverer of <paramref name="role"/> and returns its only group.</summary>
    protected async Task<TargetGroup> SingleGroupAsync(KubernetesSdRole role, string collection, JsonObject obj)
    {
        Server.Add(collection, obj);
        var discoverer = await StartAsync(Config(role));
        return Assert.Single(discoverer.Current);
    }

    protected static string Label(TargetGroup group, int target, string name) =>
        group.Targets[target].TryGetValue(name, out var value) ? value : group.Labels.TryGetValue(name, out value) ? value : throw new KeyNotFoundException(name);
}
