using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.TestingHost;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Hosting.Clustering;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests.Clustering;

/// <summary>An in-process Orleans cluster whose membership is kept in the (fake) Kubernetes API.</summary>
public sealed class KubernetesMembershipClusterTests : IAsyncLifetime
{
    private const string Namespace = "scrape";
    private FakeKubernetesApiServer _server = null!;
    private KubernetesApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = new KubernetesApiClient(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private KubernetesMembershipTable Table(IServiceProvider services) =>
        new(_client, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId, Namespace);

    [Fact]
    public async Task Silos_form_a_cluster_through_the_table_and_a_killed_silo_is_declared_dead_in_it()
    {
        var builder = new InProcessTestClusterBuilder(3);
        // The test cluster's own in-memory membership is on unless turned off; its switch is not public.
        typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!.SetValue(builder.Options, false);
        builder.ConfigureSiloHost((_, host) => host.Services.AddSingleton<IMembershipTable>(Table));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
        });
        builder.ConfigureClientHost(host => host.Services.AddSingleton<IGatewayListProvider>(sp => new KubernetesGatewayListProvider(Table(sp))));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var table = Table(cluster.Silos[0].ServiceProvider);
            // The silos wrote their rows through the API server, not into the test cluster's own table.
            Assert.Contains(_server.Requests, r => r.StartsWith($"POST {MembershipResources.SilosPath(Namespace)}", StringComparison.Ordinal));
            var rows = (await table.ReadAll()).Members;
            Assert.Equal(3, rows.Count(r => r.Item1.Status == SiloStatus.Active));
            var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(3, hosts.Count);

            var victim = cluster.Silos[^1];
            var victimAddress = victim.SiloAddress;
            await cluster.KillSiloAsync(victim);

            await Eventually.WaitAsync(
                () => table.ReadAll().GetAwaiter().GetResult().Members.Any(r => r.Item1.SiloAddress.Equals(victimAddress) && r.Item1.Status == SiloStatus.Dead),
                TimeSpan.FromSeconds(60),
                "the killed silo's row says Dead");
            var survivors = cluster.Silos.Where(s => !s.SiloAddress.Equals(victimAddress)).ToList();
            Assert.Equal(2, survivors.Count);
            await Eventually.WaitAsync(
                () => survivors.All(s => s.ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Count(m => m.Value.Status == SiloStatus.Active) == 2),
                TimeSpan.FromSeconds(30),
                "both survivors see two active silos");
            Assert.Equal(2, (await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
