using Azure.Storage.Blobs;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Series;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// A gateway with a persistent sending queue shuts down while the backend is down and starts again
/// over the same queue directory and series storage (Azurite): what was queued on disk is sent
/// once, the series grains resume where the queue took over, and the deltas have no gap and no
/// overlap.
/// </summary>
public sealed class PersistentQueueRestartTests : IDisposable
{
    private readonly string _queue = Path.Combine(Path.GetTempPath(), "orleansscrape-e2e-queue-" + Guid.NewGuid().ToString("N"));

    private string Config(string target, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: restart
                  scrape_interval: 1s
                  static_configs:
                    - targets: ['{{target}}']
        processors:
          cumulativetodelta: {}
          batch:
            timeout: 100ms
        extensions:
          file_storage:
            directory: {{_queue}}
            create_directory: true
        exporters:
          otlphttp:
            endpoint: {{sink}}
            retry_on_failure:
              initial_interval: 200ms
              max_interval: 1s
            sending_queue:
              storage: file_storage
        service:
          extensions: [file_storage]
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp]
        """;

    public void Dispose()
    {
        if (Directory.Exists(_queue))
        {
            Directory.Delete(_queue, recursive: true);
        }
    }

    [Fact]
    public async Task A_gateway_restarted_over_its_queue_sends_what_was_queued_once()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        var config = Config(exporter.Address, sink.Endpoint);
        void Storage(ISiloBuilder silo) =>
            silo.AddAzureBlobGrainStorage(SeriesStorage.ProviderName, o => o.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString));

        var before = await RoleCluster.StartAsync(config, Storage, SiloRole.All);
        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas before the outage");
        sink.Unavailable = true;
        var scrapes = exporter.Scrapes;
        await Eventually.WaitAsync(() => exporter.Scrapes >= scrapes + 5 && sink.Refused > 0, TimeSpan.FromSeconds(60), "scrapes queued during the outage");
        await before.DisposeAsync();
        var deltasBeforeRestart = DeltaAssertions.DeltasOfPathA(sink).Count;
        // Each exporter keeps its queue in a directory of its own under the file_storage directory.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_queue, OrleansScrape.Otlp.Exporters.Helper.ExporterSender.StorageDirectoryName("otlphttp")), "*.log"));

        sink.Unavailable = false;
        await using var after = await RoleCluster.StartAsync(config, Storage, SiloRole.All);
        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= deltasBeforeRestart + 10, TimeSpan.FromSeconds(90), "deltas after the restart");

        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(30));
        DeltaAssertions.AssertContiguousWholeIncreases(DeltaAssertions.DeltasOfPathA(sink));
    }
}
