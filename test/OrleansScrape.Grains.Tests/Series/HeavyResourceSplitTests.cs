using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Series;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests.Series;

/// <summary>
/// A resource grows past the split threshold mid-run while two silos' routers push its data in
/// turn (the second router learns the new shard count only from a refusal): every series'
/// deltas still add up to its true increase, with no gap and no overlap.
/// </summary>
public sealed class HeavyResourceSplitTests
{
    [Fact]
    public async Task A_resource_split_mid_run_loses_and_doubles_no_delta()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(
            SeriesTestData.Config(sink.Endpoint, "initial_value: drop", "orleans:\n  series:\n    split_threshold: 10"), SiloRole.All, SiloRole.All);
        var routers = cluster.Cluster.Silos.Select(s => cluster.SiloService<SeriesRouter>(s.Name)).ToArray();
        const int rounds = 12;
        const int growAt = 4;
        int SeriesIn(int round) => round < growAt ? 8 : 40;

        for (var round = 0; round <= growAt; round++)
        {
            await routers[round % routers.Length].PushAsync(SeriesTestData.Counters(SeriesIn(round), round));
        }
        // From now on each round comes in four requests of 10 series, at the threshold: a router that
        // has not seen the resource grow sends them to the head, which refuses them until it re-cuts.
        for (var round = growAt + 1; round < rounds; round++)
        {
            var r = round;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(part => routers[part % routers.Length].PushAsync(SeriesTestData.Counters(part * 10, part * 10 + 10, r))));
        }

        var expected = Enumerable.Range(0, 40).ToDictionary(
            s => s.ToString(System.Globalization.CultureInfo.InvariantCulture),
            s => (Deltas: rounds - (s < 8 ? 0 : growAt) - 1, Increase: SeriesTestData.ValueOf(s, rounds - 1) - SeriesTestData.ValueOf(s, s < 8 ? 0 : growAt)));
        var total = expected.Values.Sum(e => e.Deltas);
        await Eventually.WaitAsync(() => SeriesTestData.DeltasBySeries(sink).Values.Sum(d => d.Count) >= total, TimeSpan.FromSeconds(30), "every delta exported");

        var received = SeriesTestData.DeltasBySeries(sink);
        Assert.Equal(expected.Keys.Order(), received.Keys.Order());
        foreach (var (series, deltas) in received)
        {
            Assert.Equal(expected[series].Deltas, deltas.Count);
            Assert.Equal(expected[series].Increase, deltas.Sum(d => d.AsDouble));
            for (var i = 1; i < deltas.Count; i++)
            {
                Assert.Equal(deltas[i - 1].TimeUnixNano, deltas[i].StartTimeUnixNano);
            }
        }

        var resource = ResourceKey.Compute(SeriesTestData.Resource);
        for (var shard = 0; shard < 4; shard++)
        {
            var status = await cluster.Client.GetGrain<ISeriesGrain>(SeriesShards.GrainKey(resource, shard)).GetStatus();
            Assert.Equal(4, status.ShardCount);
            Assert.True(status.PointsReceived > 0, $"shard {shard} received nothing");
        }
        Assert.All(routers, router => Assert.Equal(4, router.ShardCountOf(resource)));
    }
}
