using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests;

/// <summary>The configured allocation strategy decides on which scraper silo each target grain runs.</summary>
public sealed class AllocationStrategyGrainTests
{
    private const int TargetCount = 8;

    private static string Config(CountingExporterFarm farm, string strategy) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: strategy
                  scrape_interval: 1s
                  static_configs:
        {{farm.StaticConfigs(TargetCount)}}
        discovery:
          allocation_strategy: {{strategy}}
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        """;

    [Theory]
    [InlineData("consistent-hashing")]
    [InlineData("least-weighted")]
    [InlineData("per-node")]
    [InlineData("load-aware")]
    public async Task Each_strategy_places_every_target_grain_on_the_scraper_silo_its_plan_names(string strategy)
    {
        await using var farm = await CountingExporterFarm.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(farm, strategy), SiloRole.All, SiloRole.Scraper, SiloRole.Gateway);
        var discovery = cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await discovery.GetStatus()).Targets != TargetCount)
        {
            Assert.True(DateTime.UtcNow < deadline, "the discovery grain did not load the target set within 30 s");
            await Task.Delay(100);
        }

        await discovery.Sync();
        await discovery.Sync(); // a second round sees where the first placed or moved every grain
        var assignments = await discovery.GetAssignments();
        var silos = assignments.Select(a => a.Status.Silo).ToList();
        var perSilo = silos.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var scrapers = cluster.Roles.Where(r => r.Value != SiloRole.Gateway).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();

        Assert.All(silos, silo => Assert.Contains(silo, scrapers));
        switch (strategy)
        {
            case "consistent-hashing":
            case "per-node": // no silo publishes a node here: every target falls back to the hash
                Assert.All(assignments, a => Assert.Equal(scrapers[RendezvousHash.Choose(a.Target.Key, scrapers)], a.Status.Silo));
                break;
            case "least-weighted":
            case "load-aware": // equal loads: balanced like least-weighted
                Assert.All(scrapers, s => Assert.Equal(TargetCount / 2, perSilo.GetValueOrDefault(s)));
                break;
        }
    }
}
