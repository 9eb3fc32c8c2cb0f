using Azure.Storage.Blobs;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Series;
using OrleansScrape.Prometheus.Translation;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// A gateway silo dies (or the gateway pool grows) while a series grain computes deltas: the grain re-activates on the other
/// gateway from its checkpoint in Azure Storage (Azurite), and the deltas the sink receives still
/// add up to the true increase, with no gap and no overlap.
/// </summary>
public sealed class GatewayFailoverTests
{
    private static string Config(string target, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: failover
                  scrape_interval: 1s
                  static_configs:
                    - targets: ['{{target}}']
        processors:
          cumulativetodelta: {}
          batch:
            timeout: 100ms
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp]
        """;


    [Fact]
    public async Task ScalingTheGatewaysOut_LosesAndDoublesNothing()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(
            Config(exporter.Address, sink.Endpoint),
            silo => silo.AddAzureBlobGrainStorage(SeriesStorage.ProviderName, o => o.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString)),
            SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas with one gateway");
        var before = DeltaAssertions.DeltasOfPathA(sink).Count;

        // A silo added later takes the last role: a second gateway.
        await cluster.Cluster.StartAdditionalSiloAsync();

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= before + 5, TimeSpan.FromSeconds(60), "deltas with two gateways");
        Assert.Equal(2, cluster.Roles.Count(r => r.Value == SiloRole.Gateway));
        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(30));
        DeltaAssertions.AssertContiguousWholeIncreases(DeltaAssertions.DeltasOfPathA(sink));
    }

    [Fact]
    public async Task KillingTheGatewayOfASeriesGrain_LosesAndDoublesNothing()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(
            Config(exporter.Address, sink.Endpoint),
            silo => silo.AddAzureBlobGrainStorage(SeriesStorage.ProviderName, o => o.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString)),
            SiloRole.Scraper, SiloRole.Gateway, SiloRole.Gateway);

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas before the failover");
        var key = OrleansScrape.Otlp.Model.ResourceKey.Compute(PrometheusToOtlpTranslator.ResourceAttributes("failover", exporter.Address, "http"));
        var victim = (await cluster.Client.GetGrain<ISeriesGrain>(key).GetStatus()).Silo;
        var before = DeltaAssertions.DeltasOfPathA(sink).Count;

        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.Name == victim));

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= before + 5, TimeSpan.FromSeconds(120), "deltas after the failover");
        var survivor = (await cluster.Client.GetGrain<ISeriesGrain>(key).GetStatus()).Silo;
        Assert.NotEqual(victim, survivor);
        Assert.Equal(SiloRole.Gateway, cluster.Roles[survivor]);

        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(30));
        DeltaAssertions.AssertContiguousWholeIncreases(DeltaAssertions.DeltasOfPathA(sink));
    }
}
