using Orleans.Runtime;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Testing;
using Xunit.Abstractions;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The scraper pool changes under a steady set of targets: a scraper joins (2 -> 3) and gets its
/// share of targets at once, moved with their schedule, then one leaves (3 -> 2, stopped or
/// killed). Every target is scraped once per interval throughout: no slot doubled, none missed
/// except the ones a killed silo took with it, which come back within one interval plus 5 s.
/// </summary>
[Collection(nameof(SchedulingSensitive))]
public sealed class ScraperPoolChangeTests(ITestOutputHelper output)
{
    private const int TargetCount = 12;
    // Two seconds: short enough for a quick test, long enough that a scrape on a loaded 2-core CI machine
    // finishes within its slot (a grain timer skips a tick while its callback still runs).
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static string Config(CountingExporterFarm farm, Uri sink, string strategy) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: pool
                  scrape_interval: 2s
                  static_configs:
        {{farm.StaticConfigs(TargetCount)}}
        discovery:
          allocation_strategy: {{strategy}}
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [otlphttp]
        """;

    [Theory]
    [InlineData("least-weighted")]
    [InlineData("consistent-hashing")]
    public async Task A_scraper_that_joins_takes_its_share_and_one_that_stops_hands_its_targets_back_without_a_doubled_or_missed_scrape(string strategy)
    {
        await using var farm = await CountingExporterFarm.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(farm, sink.Endpoint, strategy), SiloRole.Gateway, SiloRole.Scraper, SiloRole.Scraper);
        await WaitForEveryTargetScraped(farm, times: 3);
        var from = DateTimeOffset.UtcNow;

        var joined = await cluster.Cluster.StartAdditionalSiloAsync();
        await WaitUntil(async () => (await Owners(cluster)).ContainsKey(joined.Name), TimeSpan.FromSeconds(30), $"the new scraper {joined.Name} owning targets");
        var owners = await Owners(cluster);
        output.WriteLine($"{strategy} after 2 -> 3: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}");
        Assert.All(owners.Keys, silo => Assert.Equal(SiloRole.Scraper, cluster.Roles[silo]));
        await WaitForSettledAllocation(cluster);
        await Task.Delay(3 * Interval);

        await cluster.Cluster.StopSiloAsync(joined);
        var stopped = DateTimeOffset.UtcNow;
        await WaitUntil(async () => !(await Owners(cluster)).ContainsKey(joined.Name), TimeSpan.FromSeconds(30), "the stopped scraper's targets re-placed");
        await WaitForEveryTargetScraped(farm, times: 4, after: stopped);
        output.WriteLine($"{strategy} after 3 -> 2: {string.Join(", ", (await Owners(cluster)).Select(o => $"{o.Key}={o.Value}"))}");

        AssertOneScrapePerSlot(farm, from, stopped, killedAt: null, lost: []);
    }

    [Fact]
    public async Task The_targets_of_a_killed_scraper_are_scraped_again_within_one_interval_plus_5_seconds_of_its_death()
    {
        await using var farm = await CountingExporterFarm.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(farm, sink.Endpoint, "consistent-hashing"), SiloRole.Gateway, SiloRole.Scraper, SiloRole.Scraper);
        await WaitForEveryTargetScraped(farm, times: 2);
        var from = DateTimeOffset.UtcNow;
        // The silo that joins last never hosts the discovery grain, which is already active: killing it tests the scrapers alone.
        var victim = await cluster.Cluster.StartAdditionalSiloAsync();
        await WaitUntil(async () => (await Owners(cluster)).ContainsKey(victim.Name), TimeSpan.FromSeconds(30), "the victim owning targets");
        await WaitForSettledAllocation(cluster);
        var victimTargets = (await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetAssignments())
            .Where(a => a.Status.Silo == victim.Name).Select(a => TargetIndex(a.Target.MetricsPath)).ToList();
        await Task.Delay(2 * Interval);

        var survivor = cluster.Cluster.Silos.First(s => s.Name != victim.Name);
        var membership = cluster.SiloService<IClusterMembershipService>(survivor.Name);
        await cluster.Cluster.KillSiloAsync(victim);
        var killedAt = DateTimeOffset.UtcNow;
        await Eventually.WaitAsync(() => membership.CurrentSnapshot.GetSiloStatus(victim.SiloAddress) == SiloStatus.Dead, TimeSpan.FromSeconds(60), "the killed silo declared dead");
        var declaredDead = DateTimeOffset.UtcNow;
        await WaitForEveryTargetScraped(farm, times: 3, after: declaredDead);

        output.WriteLine($"killed at {killedAt:O}, declared dead {(declaredDead - killedAt).TotalSeconds:0.0}s later; victim targets {string.Join(",", victimTargets)}");
        foreach (var target in victimTargets)
        {
            var back = farm.Scrapes(target).First(t => t > killedAt);
            output.WriteLine($"target {target}: scraped again {(back - declaredDead).TotalSeconds:0.00}s after the death was declared");
            Assert.True(back - declaredDead <= Interval + TimeSpan.FromSeconds(5), $"target {target} came back {(back - declaredDead).TotalSeconds:0.00}s after its scraper was declared dead");
        }
        AssertOneScrapePerSlot(farm, from, killedAt, killedAt, victimTargets);
    }

    // Scrape gaps tell doubles from misses without wall-clock windows: a doubled slot leaves a gap under half an
    // interval, a missed one a gap of two intervals or more. Around a killed silo a gap may reach interval + detection + 5 s.
    private static readonly TimeSpan InFlightSlack = TimeSpan.FromMilliseconds(500);

    private void AssertOneScrapePerSlot(CountingExporterFarm farm, DateTimeOffset from, DateTimeOffset leaveAt, DateTimeOffset? killedAt, IReadOnlyCollection<int> lost)
    {
        for (var target = 0; target < TargetCount; target++)
        {
            var times = farm.Scrapes(target).Where(t => t >= from).ToList();
            var gaps = times.Zip(times.Skip(1), (a, b) => (At: a, Gap: b - a)).ToList();
            output.WriteLine($"target {target}: {times.Count} scrapes, gaps {gaps.Min(g => g.Gap).TotalSeconds:0.00}s..{gaps.Max(g => g.Gap).TotalSeconds:0.00}s");
            Assert.All(gaps, g => Assert.True(g.Gap > Interval / 2, $"target {target} was scraped twice {g.Gap.TotalMilliseconds:0}ms apart at {g.At:O}"));
            // A killed scraper's slot that was due just before the kill may have been in flight when it died,
            // so its gap counts as one around the kill too (half a second of slack for that scrape's request).
            Assert.All(gaps.Where(g => !lost.Contains(target) || g.At < killedAt!.Value - Interval - InFlightSlack), g =>
                Assert.True(g.Gap < 2 * Interval, $"target {target} missed a scrape: {g.Gap.TotalSeconds:0.00}s without one after {g.At:O} (pool change at {leaveAt:O})"));
        }
    }

    // Migrations run when each grain is idle: wait until two readings a second apart agree on every owner.
    private static async Task WaitForSettledAllocation(RoleCluster cluster)
    {
        var previous = "";
        await WaitUntil(async () =>
        {
            var now = string.Join(",", (await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetAssignments())
                .Select(a => $"{a.Target.Key}={a.Status.Silo}"));
            var settled = now == previous;
            previous = now;
            await Task.Delay(settled ? 0 : 1000);
            return settled;
        }, TimeSpan.FromSeconds(30), "the allocation settled");
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds}s waiting for: {description}");
            }
            await Task.Delay(200);
        }
    }

    private static async Task WaitForEveryTargetScraped(CountingExporterFarm farm, int times, DateTimeOffset? after = null) =>
        await Eventually.WaitAsync(
            () => Enumerable.Range(0, TargetCount).All(i => farm.Scrapes(i).Count(t => after is null || t > after) >= times),
            TimeSpan.FromSeconds(60), $"every target scraped {times} times");

    private static async Task<Dictionary<string, int>> Owners(RoleCluster cluster) =>
        (await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetAssignments())
            .GroupBy(a => a.Status.Silo).ToDictionary(g => g.Key, g => g.Count());

    private static int TargetIndex(string metricsPath) => int.Parse(metricsPath.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
}
