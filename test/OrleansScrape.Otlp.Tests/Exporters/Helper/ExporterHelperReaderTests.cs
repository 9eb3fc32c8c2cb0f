using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Debug;
using OrleansScrape.Otlp.Exporters.File;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Exporters.OtlpGrpc;
using OrleansScrape.Otlp.Exporters.OtlpHttp;

namespace OrleansScrape.Otlp.Tests.Exporters.Helper;

/// <summary>The exporterhelper keys: mapped by <see cref="ExporterHelperReader"/>, checked by the options, located by line.</summary>
public class ExporterHelperReaderTests
{
    private static readonly ExporterHelperOptions Defaults = new(TimeSpan.FromSeconds(30));

    // Positions in the tests are within the section's text; Section puts it two lines down and four columns in.
    private const int SectionLine = 2;
    private const int SectionColumn = 4;

    [Fact]
    public void An_empty_section_reads_the_collectors_defaults()
    {
        var options = ExporterHelperReader.Read(Section(""), Defaults);

        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        var retry = options.Retry;
        Assert.Equal(
            (true, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(300), 1.5, 0.5),
            (retry.Enabled, retry.InitialInterval, retry.MaxInterval, retry.MaxElapsedTime, retry.Multiplier, retry.RandomizationFactor));
        var queue = options.Queue;
        Assert.Equal(
            (true, 10, 1000L, QueueSizer.Requests, false, false, (string?)null, (QueueBatchOptions?)null),
            (queue.Enabled, queue.NumConsumers, queue.QueueSize, queue.Sizer, queue.BlockOnOverflow, queue.WaitForResult, queue.Storage, queue.Batch));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Every_key_is_mapped()
    {
        var options = ExporterHelperReader.Read(Section("""
            timeout: 12s
            retry_on_failure:
              enabled: false
              initial_interval: 1s
              max_interval: 2m
              max_elapsed_time: 0
              multiplier: 2.5
              randomization_factor: 0.1
            sending_queue:
              enabled: true
              num_consumers: 3
              queue_size: 5000
              sizer: items
              block_on_overflow: true
              wait_for_result: true
              storage: file_storage/queue
              batch:
                flush_timeout: 1s
                min_size: 100
                max_size: 200
                sizer: bytes
            """), Defaults);

        Assert.Equal(TimeSpan.FromSeconds(12), options.Timeout);
        Assert.Equal(new RetryOptions
        {
            Enabled = false,
            InitialInterval = TimeSpan.FromSeconds(1),
            MaxInterval = TimeSpan.FromMinutes(2),
            MaxElapsedTime = TimeSpan.Zero,
            Multiplier = 2.5,
            RandomizationFactor = 0.1,
        }, options.Retry);
        Assert.Equal(new SendingQueueOptions
        {
            NumConsumers = 3,
            QueueSize = 5000,
            Sizer = QueueSizer.Items,
            BlockOnOverflow = true,
            WaitForResult = true,
            Storage = "file_storage/queue",
            Batch = new QueueBatchOptions { FlushTimeout = TimeSpan.FromSeconds(1), MinSize = 100, MaxSize = 200, Sizer = QueueSizer.Bytes },
        }, options.Queue);
    }

    [Fact]
    public void Batch_absent_is_off_and_batch_empty_is_on_with_the_defaults()
    {
        var absent = ExporterHelperReader.Read(Section("sending_queue:\n  num_consumers: 2"), Defaults).Queue;
        var empty = ExporterHelperReader.Read(Section("sending_queue:\n  batch: {}"), Defaults).Queue;

        Assert.Null(absent.Batch);
        Assert.Equal(new QueueBatchOptions(), empty.Batch);
        Assert.Equal((TimeSpan.FromMilliseconds(200), 8192L, 0L, (QueueSizer?)null), (empty.Batch!.FlushTimeout, empty.Batch.MinSize, empty.Batch.MaxSize, empty.Batch.Sizer));
    }

    [Theory]
    [InlineData(QueueSizer.Requests, QueueSizer.Items)]
    [InlineData(QueueSizer.Items, QueueSizer.Items)]
    [InlineData(QueueSizer.Bytes, QueueSizer.Bytes)]
    public void The_batch_sizer_is_inherited_from_the_queue_and_items_when_the_queue_counts_requests(QueueSizer queue, QueueSizer batch)
    {
        Assert.Equal(batch, new SendingQueueOptions { Sizer = queue, Batch = new QueueBatchOptions() }.BatchSizer);
    }

    [Theory]
    [InlineData("retry_on_failure:\n  initial_interval: 1s\n  max_intervall: 2s", 3, 3, "max_intervall")]
    [InlineData("sending_queue:\n  blocking: true", 2, 3, "blocking")]
    [InlineData("sending_queue:\n  batch:\n    min_size: 1\n    flush_interval: 1s", 4, 5, "flush_interval")]
    public void An_unknown_key_is_refused_at_its_line_and_column(string yaml, int line, int column, string key)
    {
        var error = Assert.Throws<ConfigException>(() => ExporterHelperReader.Read(Section(yaml), Defaults));

        Assert.Equal((line + SectionLine, column + SectionColumn), (error.Line, error.Column));
        Assert.Contains($"unknown key \"{key}\"", error.Reason);
    }

    [Theory]
    [InlineData("sending_queue:\n  num_consumers: 2\n  queue_size: 0", 3, "sending_queue.queue_size")]
    [InlineData("retry_on_failure:\n  initial_interval: 10s\n  max_interval: 5s", 3, "retry_on_failure.max_interval")]
    [InlineData("sending_queue:\n  batch:\n    sizer: requests", 3, "sending_queue.batch.sizer")]
    [InlineData("timeout: -1s", 1, "timeout")]
    public void An_invalid_value_is_refused_at_its_keys_line(string yaml, int line, string key)
    {
        var error = Assert.Throws<ConfigException>(() => new OtlpHttpExporterFactory().ReadOptions(Section("endpoint: http://collector:4318\n" + yaml)));

        Assert.Equal(line + 1 + SectionLine, error.Line);
        Assert.StartsWith($"exporters.otlp_http.{key}: ", error.Reason);
    }

    [Fact]
    public void A_value_that_does_not_parse_is_refused_at_its_key()
    {
        var error = Assert.Throws<ConfigException>(() => ExporterHelperReader.Read(Section("sending_queue:\n  sizer: pages"), Defaults));

        Assert.Equal((2 + SectionLine, 3 + SectionColumn), (error.Line, error.Column));
        Assert.Contains("\"pages\" is not a sizer", error.Reason);
    }

    [Fact]
    public void Each_exporter_has_its_own_default_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new OtlpHttpExporterFactory().CreateDefault().Helper.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), new OtlpGrpcExporterFactory().CreateDefault().Helper.Timeout);
        Assert.Equal(TimeSpan.Zero, new FileExporterFactory().CreateDefault().Helper.Timeout);
        Assert.Equal(TimeSpan.Zero, new DebugExporterFactory().CreateDefault().Helper.Timeout);
    }

    // The section of exporter otlp_http in a configuration file, as the config reader hands it to a factory.
    private static YamlMappingReader Section(string yaml)
    {
        var body = string.Join('\n', yaml.Split('\n').Select(line => "    " + line));
        var root = YamlDocument.Load("exporters:\n  otlp_http:\n" + body + "\n", "config.yaml");
        return root.GetMapping("exporters")!.GetMapping("otlp_http")!;
    }
}
