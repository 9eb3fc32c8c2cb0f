using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Hosting.Runtime;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Discovery split into shards (shop | rest | default) finds exactly the targets one shard finds, each in one
/// shard only: configured kubernetes_sd jobs (all namespaces and explicit ones), jobs generated from the seed's
/// custom resources, a static job and the node role.
/// </summary>
public sealed class DiscoveryShardTests
{
    private const int ExpectedTargets = 25;
    private const string Shards = "  shards:\n    - name: shop\n      namespaces: [shop]\n    - name: rest\n      namespaces: [rest]";

    private static async Task<Dictionary<string, IReadOnlyList<TargetAssignment>>> LoadedShardsAsync(RoleCluster cluster, params string[] shards)
    {
        var result = new Dictionary<string, IReadOnlyList<TargetAssignment>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            foreach (var shard in shards)
            {
                result[shard] = await cluster.Client.GetGrain<IDiscoveryGrain>(shard).GetAssignments();
            }
            // Loaded, and every target's grain answered from a silo.
            if (result.Values.Sum(a => a.Count) >= ExpectedTargets && result.Values.SelectMany(a => a).All(a => a.Status.Silo.Length > 0))
            {
                return result;
            }
            Assert.True(DateTime.UtcNow < deadline, $"shards hold {result.Values.Sum(a => a.Count)} assigned targets, expected {ExpectedTargets}");
            await Task.Delay(250);
        }
    }

    private static string? Namespace(TargetAssignment assignment) => assignment.Target.DiscoveredLabels.GetValueOrDefault("__meta_kubernetes_namespace");

    [Fact]
    public async Task Sharded_discovery_finds_the_unsharded_target_set_with_each_target_in_one_shard()
    {
        await using var server = await ShardedKubernetesFixture.StartAsync();

        HashSet<string> unsharded;
        await using (var single = await RoleCluster.StartAsync(ShardedKubernetesFixture.Config(server.BaseAddress), SiloRole.All, SiloRole.All))
        {
            var loaded = await LoadedShardsAsync(single, DiscoveryShards.Default);
            unsharded = loaded[DiscoveryShards.Default].Select(a => a.Target.Key).ToHashSet();
        }
        Assert.Equal(ExpectedTargets, unsharded.Count);

        await using var cluster = await RoleCluster.StartAsync(ShardedKubernetesFixture.Config(server.BaseAddress, Shards), SiloRole.All, SiloRole.All);
        var shards = await LoadedShardsAsync(cluster, DiscoveryShards.Default, "shop", "rest");

        // The same targets, none in two shards.
        var all = shards.Values.SelectMany(a => a).Select(a => a.Target.Key).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(unsharded.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));

        // Each activation holds only its own namespaces; the default shard also holds what is not per namespace.
        Assert.All(shards["shop"], a => Assert.Equal("shop", Namespace(a)));
        Assert.All(shards["rest"], a => Assert.Equal("rest", Namespace(a)));
        Assert.All(shards[DiscoveryShards.Default], a => Assert.DoesNotContain(Namespace(a), new[] { "shop", "rest" }));
        Assert.Contains(shards["shop"], a => a.Target.ScrapeConfigName == "serviceMonitor/shop/my-service/0");
        Assert.Equal(["kube-system", "other"], shards[DiscoveryShards.Default].Select(Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(shards[DiscoveryShards.Default], a => a.Target.ScrapeConfigName == "static");
        Assert.Contains(shards[DiscoveryShards.Default], a => a.Target.ScrapeConfigName == "nodes");
        // some-pods lists shop and other: the rest shard has no part of it.
        Assert.Equal(["all-pods", "scrapeConfig/monitoring/dynatrace-annotations"],
            shards["rest"].Select(a => a.Target.ScrapeConfigName).Distinct().Order(StringComparer.Ordinal));

        // Every target grain is scheduled once, on a scraper silo, and reports the target it was given.
        var silos = cluster.Roles.Keys.ToHashSet();
        foreach (var assignment in shards.Values.SelectMany(a => a))
        {
            Assert.Contains(assignment.Status.Silo, silos);
            Assert.Equal(assignment.Target.Key, assignment.Status.Key);
        }
        var statuses = await Task.WhenAll(new[] { DiscoveryShards.Default, "shop", "rest" }.Select(s => cluster.Client.GetGrain<IDiscoveryGrain>(s).GetStatus()));
        Assert.Equal(ExpectedTargets, statuses.Sum(s => s.Targets));

        // Readiness waits for every shard, on every silo (the keeper polls each shard's grain).
        await Eventually.WaitAsync(() => silos.All(s => cluster.SiloService<ScrapeReadiness>(s).IsReady), TimeSpan.FromSeconds(30), "every silo ready");
        Assert.All(silos, s => Assert.Contains("in 3 shards", cluster.SiloService<ScrapeReadiness>(s).Reason));
    }
}
