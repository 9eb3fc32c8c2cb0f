using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Series;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests.Series;

/// <summary>
/// Series state lives no longer than cumulativetodelta's <c>max_staleness</c>: a series grain that
/// received nothing for that long drops its state and its checkpoint, and a checkpoint that aged
/// past it while no grain was active (written here as a collected grain would have left it) is
/// discarded instead of resumed.
/// </summary>
public sealed class SeriesEvictionTests
{
    private static readonly TimeSpan Staleness = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_grain_whose_every_series_went_stale_clears_its_checkpoint_and_deactivates()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(SeriesTestData.Config(sink.Endpoint, $"max_staleness: {(int)Staleness.TotalSeconds}s"), SiloRole.All);
        var grain = await PushAndWaitForCheckpointAsync(cluster);

        await Eventually.WaitAsync(() => !StoredAsync(cluster, grain).GetAwaiter().GetResult(), TimeSpan.FromSeconds(30), "the checkpoint cleared");

        var status = await grain.GetStatus();
        Assert.Equal(0, status.Series);
        Assert.Equal(0, status.BatchesReceived); // a new activation: the stale one deactivated
        Assert.False(status.CheckpointExists);
    }

    [Fact]
    public async Task A_checkpoint_older_than_the_staleness_is_discarded_on_activation()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(SeriesTestData.Config(sink.Endpoint, $"max_staleness: {(int)Staleness.TotalSeconds}s"), SiloRole.All);
        var live = await PushAndWaitForCheckpointAsync(cluster);
        // The checkpoint a grain collected an hour ago would have left: the live grain's, aged.
        var storage = Storage(cluster);
        var saved = new GrainState<SeriesCheckpoint>();
        await storage.ReadStateAsync("series", live.GetGrainId(), saved);
        saved.State!.LastPushUtc -= TimeSpan.FromHours(1);
        var collected = cluster.Client.GetGrain<ISeriesGrain>("collected-an-hour-ago");
        await storage.WriteStateAsync("series", collected.GetGrainId(), new GrainState<SeriesCheckpoint>(saved.State!));
        Assert.True(await StoredAsync(cluster, collected));

        var status = await collected.GetStatus();

        Assert.Equal(0, status.Series);
        Assert.False(status.CheckpointExists);
        Assert.False(await StoredAsync(cluster, collected));
    }

    [Fact]
    public async Task A_checkpoint_younger_than_the_staleness_is_resumed_on_activation()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(SeriesTestData.Config(sink.Endpoint, "max_staleness: 1h"), SiloRole.All);
        var live = await PushAndWaitForCheckpointAsync(cluster);
        var storage = Storage(cluster);
        var saved = new GrainState<SeriesCheckpoint>();
        await storage.ReadStateAsync("series", live.GetGrainId(), saved);
        var collected = cluster.Client.GetGrain<ISeriesGrain>("collected-a-minute-ago");
        await storage.WriteStateAsync("series", collected.GetGrainId(), new GrainState<SeriesCheckpoint>(saved.State!));

        var status = await collected.GetStatus();

        Assert.Equal(5, status.Series);
        Assert.True(status.CheckpointExists);
    }

    private static async Task<ISeriesGrain> PushAndWaitForCheckpointAsync(RoleCluster cluster)
    {
        var router = cluster.SiloService<SeriesRouter>(cluster.Cluster.Silos[0].Name);
        await router.PushAsync(SeriesTestData.Counters(5, 0));
        await router.PushAsync(SeriesTestData.Counters(5, 1));
        var grain = cluster.Client.GetGrain<ISeriesGrain>(ResourceKey.Compute(SeriesTestData.Resource));
        await Eventually.WaitAsync(() => StoredAsync(cluster, grain).GetAwaiter().GetResult(), TimeSpan.FromSeconds(30), "a checkpoint written");
        Assert.Equal(5, (await grain.GetStatus()).Series);
        return grain;
    }

    private static async Task<bool> StoredAsync(RoleCluster cluster, ISeriesGrain grain)
    {
        var state = new GrainState<SeriesCheckpoint>();
        await Storage(cluster).ReadStateAsync("series", grain.GetGrainId(), state);
        return state.RecordExists;
    }

    private static IGrainStorage Storage(RoleCluster cluster) =>
        cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SeriesStorage.ProviderName);
}
