using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansScrape.Hosting;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Testing;

/// <summary>
/// An in-process Orleans cluster whose silos play the given roles (in creation order), each
/// running OrleansScrape with the same configuration, as a deployment of the chart would.
/// </summary>
public sealed class RoleCluster : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _roles;

    private RoleCluster(InProcessTestCluster cluster, ConcurrentDictionary<string, string> roles)
    {
        Cluster = cluster;
        _roles = roles;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Role of each silo, by silo name.</summary>
    public IReadOnlyDictionary<string, string> Roles => _roles;

    public static Task<RoleCluster> StartAsync(string configYaml, params string[] roles) =>
        StartAsync(configYaml, static _ => { }, roles);

    /// <param name="configure">Runs on every silo before OrleansScrape is added, e.g. to register storage.</param>
    public static async Task<RoleCluster> StartAsync(string configYaml, Action<ISiloBuilder> configure, params string[] roles)
    {
        var settings = OrleansScrapeConfigReader.Read(configYaml, "test.yaml");
        var assigned = new ConcurrentDictionary<string, string>();
        var next = 0;
        var builder = new InProcessTestClusterBuilder((short)roles.Length);
        builder.ConfigureSilo((options, silo) =>
        {
            // Silos are configured in creation order; silos added later take the last role again.
            var index = Interlocked.Increment(ref next) - 1;
            var role = roles[Math.Min(index, roles.Length - 1)];
            assigned[options.SiloName] = role;
            silo.AddMemoryGrainStorageAsDefault();
            configure(silo);
            silo.AddOrleansScrape(settings with { Orleans = settings.Orleans with { Role = role } });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new RoleCluster(cluster, assigned);
    }

    public T SiloService<T>(string siloName) where T : notnull =>
        Cluster.Silos.Single(s => s.Name == siloName).ServiceProvider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
