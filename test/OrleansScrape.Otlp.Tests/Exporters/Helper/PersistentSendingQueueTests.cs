using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters.Helper;

/// <summary><c>sending_queue.storage</c>: each exporter's queue on disk, in a directory of its own below the storage's.</summary>
public sealed class PersistentSendingQueueTests : IDisposable
{
    private readonly string _storage = Path.Combine(Path.GetTempPath(), "orleansscrape-storage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }
    }

    [Fact]
    public async Task Each_exporter_keeps_its_queue_in_a_directory_named_after_its_id()
    {
        var dynatrace = Sender(new RecordingExporter("otlp_http/dynatrace"));
        var file = Sender(new RecordingExporter("file"));

        await dynatrace.EnqueueAsync([TestBatches.Gauge("a", 1)], CancellationToken.None);
        await file.EnqueueAsync([TestBatches.Gauge("b", 1)], CancellationToken.None);

        Assert.Equal(["exporter_file", "exporter_otlp_http_dynatrace"], Directory.GetDirectories(_storage).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(dynatrace.IsPersistent);
        await dynatrace.DisposeAsync();
        await file.DisposeAsync();
    }

    [Theory]
    [InlineData("otlp_http/dynatrace", "exporter_otlp_http_dynatrace")]
    [InlineData("otlp/http_a", "exporter_otlp_http~005Fa")]
    [InlineData("file/a/b", "exporter_file_a~002Fb")]
    [InlineData("debug", "exporter_debug")]
    public void Directory_names_escape_what_could_make_two_ids_share_one(string id, string directory)
    {
        Assert.Equal(directory, ExporterSender.StorageDirectoryName(id));
    }

    [Fact]
    public async Task A_restart_sends_again_only_what_was_not_acknowledged()
    {
        // The first two requests go through; the backend then fails, and retries wait on a clock that never moves.
        var clock = new FakeTimeProvider();
        var flaky = new RecordingExporter("otlp_http/backend", (attempt, _) => attempt <= 2 ? Task.CompletedTask : SenderOptions.Down(attempt, default));
        var before = Sender(flaky, clock);
        before.Start();
        for (var i = 0; i < 5; i++)
        {
            await before.EnqueueAsync([TestBatches.Gauge($"r{i}", 10, firstValue: i * 10)], CancellationToken.None);
        }
        await Eventually.HoldsAsync(() => flaky.Attempts == 3, "the third request to fail");
        await before.DisposeAsync(); // the process exits while retrying

        var up = new RecordingExporter("otlp_http/backend");
        var after = Sender(up);
        after.Start();
        await Eventually.HoldsAsync(() => after.SentPoints == 30, "the 30 unacknowledged points sent");
        await after.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(20, 30).Select(i => (double)i), TestBatches.Values(up.Calls.SelectMany(c => c.Batches)));
        var again = new RecordingExporter("otlp_http/backend");
        var third = Sender(again);
        third.Start();
        await third.StopAsync(CancellationToken.None);
        Assert.Empty(again.Calls);
    }

    [Fact]
    public async Task Wait_for_result_false_completes_the_delivery_once_the_request_is_on_disk()
    {
        var clock = new FakeTimeProvider();
        var down = new RecordingExporter("otlp_http/down", SenderOptions.Down);
        await using var sender = Sender(down, clock);
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 4)], CancellationToken.None);

        Assert.True(delivery.IsCompletedSuccessfully);
        Assert.True(await delivery);
    }

    [Fact]
    public async Task Wait_for_result_true_completes_the_delivery_only_once_the_request_was_sent()
    {
        var clock = new FakeTimeProvider();
        var downOnce = new RecordingExporter("otlp_http/down-once", (attempt, _) => attempt == 1 ? SenderOptions.Down(attempt, default) : Task.CompletedTask);
        await using var sender = Sender(downOnce, clock, waitForResult: true);
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 4)], CancellationToken.None);
        await Eventually.HoldsAsync(() => downOnce.Attempts == 1, "the failed first attempt");
        Assert.False(delivery.IsCompleted);
        await Eventually.HoldsAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            return delivery.IsCompleted;
        }, "the retry");

        Assert.True(await delivery);
    }

    [Fact]
    public async Task A_request_refused_for_good_is_removed_from_disk()
    {
        var refusing = new RecordingExporter("otlp_http/refusing", (_, _) => throw new ExportFailedException("bad request", isRetryable: false));
        var sender = Sender(refusing);
        sender.Start();
        await sender.EnqueueAsync([TestBatches.Gauge("bad", 2)], CancellationToken.None);
        await sender.StopAsync(CancellationToken.None);

        using var log = BatchLog.Open(new PersistentQueueOptions { Directory = Path.Combine(_storage, "exporter_otlp_http_refusing") }, NullLogger.Instance, out var pending);
        Assert.Empty(pending);
    }

    [Fact]
    public async Task A_torn_last_record_is_skipped_and_the_records_before_it_are_sent()
    {
        // The backend is down and retries wait on a clock that never moves: nothing is sent before the process exits.
        var before = Sender(new RecordingExporter("otlp_http/torn", SenderOptions.Down), new FakeTimeProvider());
        before.Start();
        await before.EnqueueAsync([TestBatches.Gauge("whole", 3)], CancellationToken.None);
        await before.EnqueueAsync([TestBatches.Gauge("torn", 3, firstValue: 100)], CancellationToken.None);
        await before.DisposeAsync();
        var segment = Assert.Single(Directory.GetFiles(QueueDirectory("otlp_http/torn"), "*.log"));
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 5); // the process died while writing the last record
        }

        var up = new RecordingExporter("otlp_http/torn");
        var after = Sender(up);
        after.Start();
        await after.StopAsync(CancellationToken.None);

        Assert.Equal([0.0, 1.0, 2.0], TestBatches.Values(up.Calls.SelectMany(c => c.Batches)));
    }

    [Fact]
    public async Task A_record_whose_checksum_does_not_match_ends_its_segment_and_the_records_before_it_are_sent()
    {
        var before = Sender(new RecordingExporter("otlp_http/corrupt", SenderOptions.Down), new FakeTimeProvider());
        before.Start();
        await before.EnqueueAsync([TestBatches.Gauge("kept", 2)], CancellationToken.None);
        await before.EnqueueAsync([TestBatches.Gauge("corrupt", 2, firstValue: 10)], CancellationToken.None);
        await before.EnqueueAsync([TestBatches.Gauge("after", 2, firstValue: 20)], CancellationToken.None);
        await before.DisposeAsync();
        var segment = Assert.Single(Directory.GetFiles(QueueDirectory("otlp_http/corrupt"), "*.log"));
        var bytes = await File.ReadAllBytesAsync(segment);
        var second = 20 + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        bytes[second + 30] ^= 0xFF; // a bit flipped inside the second record's payload
        await File.WriteAllBytesAsync(segment, bytes);

        var up = new RecordingExporter("otlp_http/corrupt");
        var after = Sender(up);
        after.Start();
        await after.StopAsync(CancellationToken.None);

        Assert.Equal([0.0, 1.0], TestBatches.Values(up.Calls.SelectMany(c => c.Batches)));
    }

    [Fact]
    public async Task Sent_batches_are_removed_from_the_directory()
    {
        var storage = Storage() with { MaxSegmentBytes = 1 }; // a segment per record
        var sender = Sender(new RecordingExporter("otlp_http/up"), storage: storage);
        sender.Start();
        for (var i = 0; i < 4; i++)
        {
            await sender.EnqueueAsync([TestBatches.Gauge($"r{i}", 2)], CancellationToken.None);
        }
        await sender.StopAsync(CancellationToken.None);

        // Only the segment still open for writing is left, and the next start finds nothing in it.
        var directory = QueueDirectory("otlp_http/up");
        Assert.Single(Directory.GetFiles(directory, "*.log"));
        using var log = BatchLog.Open(new PersistentQueueOptions { Directory = directory }, NullLogger.Instance, out var pending);
        Assert.Empty(pending);
        Assert.Empty(Directory.GetFiles(directory, "*.log"));
    }

    [Fact]
    public async Task A_batch_offered_to_a_stopped_sender_is_refused_and_not_kept()
    {
        var sender = Sender(new RecordingExporter("otlp_http/stopped"));
        sender.Start();
        await sender.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await sender.EnqueueAsync([TestBatches.Gauge("late", 2)], CancellationToken.None));

        using var log = BatchLog.Open(new PersistentQueueOptions { Directory = QueueDirectory("otlp_http/stopped") }, NullLogger.Instance, out var pending);
        Assert.Empty(pending);
    }

    [Fact]
    public void A_storage_must_be_given_exactly_when_the_queue_names_one()
    {
        var named = SenderOptions.Fast().WithQueue(q => q with { Storage = "file_storage" });

        Assert.Throws<ArgumentException>(() => new ExporterSender(new RecordingExporter("a"), named));
        Assert.Throws<ArgumentException>(() => new ExporterSender(new RecordingExporter("b"), SenderOptions.Fast(), storage: Storage()));
    }

    private ExporterSender Sender(RecordingExporter exporter, TimeProvider? clock = null, bool waitForResult = false, PersistentQueueOptions? storage = null) =>
        new(exporter, SenderOptions.Fast(queueSize: 16).WithQueue(q => q with { Storage = "file_storage", WaitForResult = waitForResult })
            .WithRetry(r => r with { MaxElapsedTime = TimeSpan.Zero }), storage: storage ?? Storage(), clock: clock);

    private PersistentQueueOptions Storage() => new() { Directory = _storage };

    /// <summary>Where the sender of <paramref name="exporterId"/> keeps its queue below the storage.</summary>
    private string QueueDirectory(string exporterId) => Path.Combine(_storage, ExporterSender.StorageDirectoryName(exporterId));
}
