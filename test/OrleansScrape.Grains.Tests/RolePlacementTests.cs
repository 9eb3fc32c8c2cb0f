using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests;

public sealed class RolePlacementTests
{
    // A job without targets: discovery has nothing to schedule, the test places grains itself.
    private const string Config = """
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: placement
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        """;

    private static ScrapeTarget Target(int i) => new()
    {
        Job = "placement",
        ScrapeConfigName = "placement",
        Instance = $"127.0.0.1:{20000 + i}",
        Scheme = "http",
        Address = $"127.0.0.1:{20000 + i}",
        MetricsPath = "/metrics",
        // Long enough that no scrape happens during the test.
        ScrapeInterval = TimeSpan.FromHours(1),
        ScrapeTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task TargetGrains_AreOnScrapers_SeriesGrains_AreOnGateways()
    {
        await using var cluster = await RoleCluster.StartAsync(Config, SiloRole.Scraper, SiloRole.Scraper, SiloRole.Gateway, SiloRole.Gateway);

        var targetSilos = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var target = Target(i);
            var grain = cluster.Client.GetGrain<ITargetGrain>(target.Key);
            await grain.EnsureScheduled(target);
            var status = await grain.GetStatus();
            Assert.Equal(SiloRole.Scraper, cluster.Roles[status.Silo]);
            targetSilos.Add(status.Silo);
        }

        var seriesSilos = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var key = ResourceKey.Compute([new Attribute("service.name", "placement"), new Attribute("service.instance.id", $"i{i}")]);
            var status = await cluster.Client.GetGrain<ISeriesGrain>(key).GetStatus();
            Assert.Equal(SiloRole.Gateway, cluster.Roles[status.Silo]);
            seriesSilos.Add(status.Silo);
        }

        // Hashing spreads the 40 grains of each kind over both silos of the role.
        Assert.Equal(2, targetSilos.Count);
        Assert.Equal(2, seriesSilos.Count);
    }

    [Fact]
    public async Task MissingRole_FailsWithAClearError()
    {
        await using var cluster = await RoleCluster.StartAsync(Config, SiloRole.Scraper);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<ISeriesGrain>("no-gateway").GetStatus());

        Assert.Contains("no active silo has role 'gateway'", error.Message);
    }

    [Fact]
    public async Task RoleAll_HostsBothKinds()
    {
        await using var cluster = await RoleCluster.StartAsync(Config, SiloRole.All);
        var target = Target(1);
        var grain = cluster.Client.GetGrain<ITargetGrain>(target.Key);
        await grain.EnsureScheduled(target);
        Assert.Equal(SiloRole.All, cluster.Roles[(await grain.GetStatus()).Silo]);
        Assert.Equal(SiloRole.All, cluster.Roles[(await cluster.Client.GetGrain<ISeriesGrain>("any").GetStatus()).Silo]);
    }
}
