using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Grains.Tests.Configuration;

/// <summary>The configuration keys of series splitting (<c>orleans.series</c>) and of the persistent sending queue.</summary>
public sealed class DurabilityConfigTests
{
    private static string Config(string exporterExtra = "", string top = "", string serviceExtra = "") => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs: []
        exporters:
          otlphttp:
            endpoint: http://127.0.0.1:4318
        {{exporterExtra}}
        service:
        {{serviceExtra}}
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [otlphttp]
        {{top}}
        """;

    [Fact]
    public void Sending_queue_storage_keeps_the_queue_in_the_named_file_storage_directory()
    {
        var settings = OrleansScrapeConfigReader.Read(Config(
            exporterExtra: "    sending_queue:\n      storage: file_storage/queue",
            top: "extensions:\n  file_storage/queue:\n    directory: /var/lib/orleans-scrape/queue\n    fsync: true",
            serviceExtra: "  extensions: [file_storage/queue]"), "/etc/test.yaml");

        var queue = QueueStorage.Of(settings, settings.Exporters.Single());
        Assert.NotNull(queue);
        Assert.Equal("/var/lib/orleans-scrape/queue", queue.Directory);
        Assert.True(queue.Fsync);
        Assert.False(queue.CreateDirectory);
    }

    [Fact]
    public void Without_sending_queue_storage_the_queue_is_in_memory() =>
        Assert.Null(QueueStorage.Of(OrleansScrapeConfigReader.Read(Config(), "test.yaml"), OrleansScrapeConfigReader.Read(Config(), "test.yaml").Exporters.Single()));

    [Fact]
    public void Sending_queue_storage_naming_no_extension_of_the_service_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => OrleansScrapeConfigReader.Read(Config(
            exporterExtra: "    sending_queue:\n      storage: file_storage"), "test.yaml"));
        Assert.Contains("file_storage", error.Message);
    }

    [Fact]
    public void An_extension_not_named_by_the_service_is_ignored_with_a_warning()
    {
        var settings = OrleansScrapeConfigReader.Read(Config(top: "extensions:\n  file_storage:\n    directory: /tmp/q"), "test.yaml");
        Assert.Empty(settings.Extensions);
        Assert.Contains(settings.Warnings, w => w.Message.Contains("extensions.file_storage"));
    }

    [Fact]
    public void Series_split_threshold_defaults_to_50000_series_and_64_shards()
    {
        var series = OrleansScrapeConfigReader.Read(Config(), "test.yaml").Orleans.Series;
        Assert.Equal(50_000, series.SplitThreshold);
        Assert.Equal(64, series.MaxShards);
    }

    [Fact]
    public void Series_split_threshold_and_max_shards_are_read_from_orleans_series()
    {
        var series = OrleansScrapeConfigReader.Read(Config(top: "orleans:\n  series:\n    split_threshold: 1000\n    max_shards: 8"), "test.yaml").Orleans.Series;
        Assert.Equal(1000, series.SplitThreshold);
        Assert.Equal(8, series.MaxShards);
    }

    [Theory]
    [InlineData("max_shards: 6")]
    [InlineData("max_shards: 128")]
    [InlineData("split_threshold: -1")]
    public void Series_settings_out_of_range_are_refused(string line) =>
        Assert.Throws<ConfigException>(() => OrleansScrapeConfigReader.Read(Config(top: $"orleans:\n  series:\n    {line}"), "test.yaml"));
}
