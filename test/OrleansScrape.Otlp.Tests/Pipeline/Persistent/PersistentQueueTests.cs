using Microsoft.Extensions.Logging.Abstractions;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Pipeline.Persistent;

/// <summary>
/// The export queue on disk: what was queued while the backend was down and never sent survives the
/// process and reaches the backend exactly once from the next pipeline over the same directory.
/// </summary>
public sealed class PersistentQueueTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansscrape-queue-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Batches_queued_while_the_backend_is_down_arrive_exactly_once_after_a_restart()
    {
        var down = BackendDown();
        var before = new ExportPipeline([down], Options());
        before.Start();
        for (var i = 0; i < 5; i++)
        {
            await before.EnqueueAsync(TestBatches.Gauge($"r{i}", 10, firstValue: i * 10), CancellationToken.None);
        }
        await Eventually.HoldsAsync(() => down.Attempts > 0, "a send attempted");
        await before.DisposeAsync(); // the process exits: nothing was sent

        var up = new RecordingExporter("up");
        var after = new ExportPipeline([up], Options());
        after.Start();
        await Eventually.HoldsAsync(() => after.SentPoints == 50, "the 50 queued points sent");
        await after.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), TestBatches.Values(up.Calls.SelectMany(c => c.Batches)).Order());
        var again = new RecordingExporter("again");
        var third = new ExportPipeline([again], Options());
        third.Start();
        await third.StopAsync(CancellationToken.None);
        Assert.Empty(again.Calls);
    }

    [Fact]
    public async Task A_torn_last_record_is_skipped_and_the_records_before_it_are_sent()
    {
        var before = new ExportPipeline([BackendDown()], Options());
        before.Start();
        await before.EnqueueAsync(TestBatches.Gauge("whole", 3), CancellationToken.None);
        await before.EnqueueAsync(TestBatches.Gauge("torn", 3, firstValue: 100), CancellationToken.None);
        await before.DisposeAsync();
        var segment = Assert.Single(Directory.GetFiles(_directory, "*.log"));
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 5); // the process died while writing the last record
        }

        var up = new RecordingExporter("up");
        var after = new ExportPipeline([up], Options());
        after.Start();
        await after.StopAsync(CancellationToken.None);

        Assert.Equal([0.0, 1.0, 2.0], TestBatches.Values(up.Calls.SelectMany(c => c.Batches)));
    }

    [Fact]
    public async Task A_record_whose_checksum_does_not_match_ends_its_segment_and_the_records_before_it_are_sent()
    {
        var before = new ExportPipeline([BackendDown()], Options());
        before.Start();
        await before.EnqueueAsync(TestBatches.Gauge("kept", 2), CancellationToken.None);
        await before.EnqueueAsync(TestBatches.Gauge("corrupt", 2, firstValue: 10), CancellationToken.None);
        await before.EnqueueAsync(TestBatches.Gauge("after", 2, firstValue: 20), CancellationToken.None);
        await before.DisposeAsync();
        var segment = Assert.Single(Directory.GetFiles(_directory, "*.log"));
        var bytes = await File.ReadAllBytesAsync(segment);
        var second = 20 + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        bytes[second + 30] ^= 0xFF; // a bit flipped inside the second record's payload
        await File.WriteAllBytesAsync(segment, bytes);

        var up = new RecordingExporter("up");
        var after = new ExportPipeline([up], Options());
        after.Start();
        await after.StopAsync(CancellationToken.None);

        Assert.Equal([0.0, 1.0], TestBatches.Values(up.Calls.SelectMany(c => c.Batches)));
    }

    [Fact]
    public async Task Sent_batches_are_removed_from_the_directory()
    {
        var options = Options();
        options.PersistentQueue = options.PersistentQueue! with { MaxSegmentBytes = 1 }; // a segment per record
        var pipeline = new ExportPipeline([new RecordingExporter("up")], options);
        pipeline.Start();
        for (var i = 0; i < 4; i++)
        {
            await pipeline.EnqueueAsync(TestBatches.Gauge($"r{i}", 2), CancellationToken.None);
        }
        await pipeline.StopAsync(CancellationToken.None);

        // Only the segment still open for writing is left, and the next start finds nothing in it.
        Assert.Single(Directory.GetFiles(_directory, "*.log"));
        using var log = BatchLog.Open(options.PersistentQueue, NullLogger.Instance, out var pending);
        Assert.Empty(pending);
        Assert.Empty(Directory.GetFiles(_directory, "*.log"));
    }

    [Fact]
    public async Task A_batch_refused_for_good_is_not_sent_again()
    {
        var refusing = new RecordingExporter("refusing", (_, _) => throw new ExportFailedException("bad request", isRetryable: false));
        var before = new ExportPipeline([refusing], Options());
        before.Start();
        await before.EnqueueAsync(TestBatches.Gauge("bad", 2), CancellationToken.None);
        await before.StopAsync(CancellationToken.None);

        using var log = BatchLog.Open(Options().PersistentQueue!, NullLogger.Instance, out var pending);
        Assert.Empty(pending);
    }

    [Fact]
    public async Task A_waited_for_batch_counts_as_delivered_once_it_is_on_disk()
    {
        var down = BackendDown();
        await using var pipeline = new ExportPipeline([down], Options());
        pipeline.Start();

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 4), CancellationToken.None);

        Assert.True(delivery.IsCompletedSuccessfully);
        Assert.True(await delivery);
        Assert.True(pipeline.IsPersistent);
    }

    [Fact]
    public async Task A_batch_offered_to_a_stopped_pipeline_is_refused_and_not_kept()
    {
        var pipeline = new ExportPipeline([new RecordingExporter("up")], Options());
        pipeline.Start();
        await pipeline.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipeline.EnqueueAsync(TestBatches.Gauge("late", 2), CancellationToken.None));

        using var log = BatchLog.Open(Options().PersistentQueue!, NullLogger.Instance, out var pending);
        Assert.Empty(pending);
    }

    private static RecordingExporter BackendDown() =>
        new("down", (_, _) => throw new ExportFailedException("503 Service Unavailable", isRetryable: true));

    private ExportPipelineOptions Options() => new()
    {
        Name = "test-" + Guid.NewGuid().ToString("N"),
        FlushInterval = TimeSpan.FromMilliseconds(20),
        QueueCapacity = 4,
        RetryInitialInterval = TimeSpan.FromMilliseconds(10),
        RetryMaxInterval = TimeSpan.FromMilliseconds(40),
        RetryRandomizationFactor = 0,
        RetryMaxElapsedTime = TimeSpan.FromHours(1),
        PersistentQueue = new PersistentQueueOptions { Directory = _directory },
    };
}
