using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests;

public sealed class AzuriteTests
{
    [Fact]
    public async Task Azurite_serves_tables_and_blobs()
    {
        await using var azurite = await Azurite.StartAsync();

        var tables = new TableServiceClient(azurite.ConnectionString);
        var table = tables.GetTableClient("azuritetest");
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("partition", "row") { ["Value"] = "tabled" });
        var entity = await table.GetEntityAsync<TableEntity>("partition", "row");
        Assert.Equal("tabled", entity.Value.GetString("Value"));

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var container = blobs.GetBlobContainerClient("azurite-test");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("hello.txt");
        await blob.UploadAsync(BinaryData.FromString("blobbed"), overwrite: true);
        var content = await blob.DownloadContentAsync();
        Assert.Equal("blobbed", content.Value.Content.ToString());
    }

    [Fact]
    public async Task Azurite_blob_grain_storage_keeps_state_across_activations()
    {
        await using var azurite = await Azurite.StartAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddAzureBlobGrainStorage(
            "series-state",
            options => options.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var grain = cluster.Client.GetGrain<IAzuriteStateGrain>("series-1");
            await grain.Set("persisted");
            var firstActivation = await grain.ActivationId();

            await cluster.DeactivateAsync(grain);
            await cluster.WaitForDeactivationAsync(grain);

            Assert.Equal("persisted", await grain.Get());
            Assert.NotEqual(firstActivation, await grain.ActivationId());
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}

public interface IAzuriteStateGrain : IGrainWithStringKey
{
    Task Set(string value);

    Task<string?> Get();

    Task<Guid> ActivationId();
}

[GenerateSerializer]
public sealed class AzuriteState
{
    [Id(0)]
    public string? Value { get; set; }
}

public sealed class AzuriteStateGrain(
    [PersistentState("state", "series-state")] IPersistentState<AzuriteState> state) : Grain, IAzuriteStateGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task Set(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> Get() => Task.FromResult(state.State.Value);

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);
}
