using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters.Helper;

/// <summary><c>sending_queue</c> of an exporter's sender. A sender not started keeps what it queued, so capacities are exact.</summary>
public class SendingQueueTests
{
    [Fact]
    public async Task Queue_size_counts_requests_with_the_requests_sizer()
    {
        var exporter = new RecordingExporter("requests");
        var sender = new ExporterSender(exporter, SenderOptions.Fast(queueSize: 2));

        await sender.EnqueueAsync([TestBatches.Gauge("a", 100)], CancellationToken.None);
        await sender.EnqueueAsync([TestBatches.Gauge("b", 1)], CancellationToken.None);
        await Assert.ThrowsAsync<SendingQueueFullException>(async () => await sender.EnqueueAsync([TestBatches.Gauge("c", 1)], CancellationToken.None));

        Assert.Equal((2L, 2L), (sender.QueueSize, sender.QueueCapacity));
        sender.Start();
        await sender.StopAsync(CancellationToken.None);
        Assert.Equal([100, 1], exporter.Calls.Select(call => call.PointCount));
    }

    [Fact]
    public async Task Queue_size_counts_points_with_the_items_sizer()
    {
        var sender = new ExporterSender(new RecordingExporter("items"), SenderOptions.Fast(queueSize: 10).WithQueue(q => q with { Sizer = QueueSizer.Items }));

        await sender.EnqueueAsync([TestBatches.Gauge("a", 6)], CancellationToken.None);
        await Assert.ThrowsAsync<SendingQueueFullException>(async () => await sender.EnqueueAsync([TestBatches.Gauge("b", 5)], CancellationToken.None));
        await sender.EnqueueAsync([TestBatches.Gauge("c", 4)], CancellationToken.None);

        Assert.Equal(10, sender.QueueSize);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Queue_size_counts_encoded_bytes_with_the_bytes_sizer()
    {
        var batch = TestBatches.Gauge("a", 20);
        var bytes = OtlpRequestSize.Of(batch);
        var sender = new ExporterSender(new RecordingExporter("bytes"), SenderOptions.Fast().WithQueue(q => q with { Sizer = QueueSizer.Bytes, QueueSize = 2 * bytes + 1 }));

        await sender.EnqueueAsync([batch], CancellationToken.None);
        await sender.EnqueueAsync([batch], CancellationToken.None);
        var refused = await Assert.ThrowsAsync<SendingQueueFullException>(async () => await sender.EnqueueAsync([batch], CancellationToken.None));

        Assert.Equal(2 * bytes, sender.QueueSize);
        Assert.Equal((bytes, 2 * bytes, QueueSizer.Bytes), (refused.RequestSize, refused.QueueSize, refused.Sizer));
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Block_on_overflow_false_refuses_a_full_queue_at_once_and_counts_the_points()
    {
        var sender = new ExporterSender(new RecordingExporter("refusing"), SenderOptions.Fast(queueSize: 1));
        await sender.EnqueueAsync([TestBatches.Gauge("a", 3)], CancellationToken.None);

        var enqueue = sender.EnqueueAsync([TestBatches.Gauge("b", 7)], CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SendingQueueFullException>(async () => await enqueue);
        Assert.Equal("refusing", refused.Exporter);
        Assert.Equal(7, sender.EnqueueFailedPoints);
        Assert.Equal(1, sender.QueueSize);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Block_on_overflow_true_makes_the_caller_wait_for_room()
    {
        var exporter = new RecordingExporter("blocking");
        var sender = new ExporterSender(exporter, SenderOptions.Fast(queueSize: 1).WithQueue(q => q with { BlockOnOverflow = true }));
        var first = await sender.EnqueueAsync([TestBatches.Gauge("a", 1)], CancellationToken.None);

        var second = sender.EnqueueAsync([TestBatches.Gauge("b", 2)], CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        sender.Start();
        Assert.True(await first);
        Assert.True(await await second.WaitAsync(TimeSpan.FromSeconds(10)));
        await sender.StopAsync(CancellationToken.None);
        Assert.Equal([1, 2], exporter.Calls.Select(call => call.PointCount));
        Assert.Equal(0, sender.EnqueueFailedPoints);
    }

    [Fact]
    public async Task A_caller_waiting_for_room_can_give_up_and_nothing_is_queued()
    {
        var sender = new ExporterSender(new RecordingExporter("blocking"), SenderOptions.Fast(queueSize: 1).WithQueue(q => q with { BlockOnOverflow = true }));
        await sender.EnqueueAsync([TestBatches.Gauge("a", 1)], CancellationToken.None);
        using var impatient = new CancellationTokenSource();

        var waiting = sender.EnqueueAsync([TestBatches.Gauge("b", 2)], impatient.Token).AsTask();
        impatient.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1L, 2L), (sender.QueueSize, sender.EnqueueFailedPoints));
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task A_request_larger_than_the_whole_queue_is_refused_even_when_blocking()
    {
        var sender = new ExporterSender(new RecordingExporter("small"),
            SenderOptions.Fast(queueSize: 10).WithQueue(q => q with { Sizer = QueueSizer.Items, BlockOnOverflow = true }));

        var refused = await Assert.ThrowsAsync<SendingQueueFullException>(async () => await sender.EnqueueAsync([TestBatches.Gauge("a", 11)], CancellationToken.None));

        Assert.Contains("can never fit", refused.Message);
        Assert.Equal(0, sender.QueueSize);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Num_consumers_sends_that_many_requests_at_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var most = 0;
        async Task Hold(int attempt, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await gate.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref running);
        }
        var exporter = new RecordingExporter("parallel", Hold);
        var sender = new ExporterSender(exporter, SenderOptions.Fast(consumers: 3));
        sender.Start();
        var deliveries = new List<Task<bool>>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.Add(await sender.EnqueueAsync([TestBatches.Gauge($"r{i}", 1)], CancellationToken.None));
        }

        await Eventually.HoldsAsync(() => Volatile.Read(ref running) == 3, "three sends in flight");
        Assert.Equal(2, sender.QueueSize);
        gate.SetResult();
        Assert.All(await Task.WhenAll(deliveries), Assert.True);
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(3, most);
        Assert.Equal(5, exporter.Calls.Count);
    }

    [Fact]
    public async Task Several_consumers_send_every_request_exactly_once()
    {
        var exporter = new RecordingExporter("parallel");
        var sender = new ExporterSender(exporter, SenderOptions.Fast(consumers: 4));
        sender.Start();
        for (var i = 0; i < 40; i++)
        {
            await sender.EnqueueAsync([TestBatches.Gauge($"r{i}", 5, firstValue: i * 5)], CancellationToken.None);
        }

        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(200, sender.SentPoints);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (double)i), TestBatches.Values(exporter.Calls.SelectMany(call => call.Batches)).Order());
    }

    [Fact]
    public async Task Enabled_false_sends_with_retries_in_the_callers_await()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("inline", (attempt, _) => attempt < 3 ? SenderOptions.Down(attempt, default) : Task.CompletedTask, clock);
        var sender = new ExporterSender(exporter, SenderOptions.Fast().WithQueue(q => q with { Enabled = false }), clock: clock);

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 4)], CancellationToken.None);

        Assert.True(delivery.IsCompletedSuccessfully);
        Assert.True(await delivery);
        Assert.Equal(3, exporter.Attempts);
        Assert.Equal((0L, 0L), (sender.QueueSize, sender.QueueCapacity));
        await sender.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_storage_the_delivery_is_the_send_whatever_wait_for_result_says()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("down-once", (attempt, _) => attempt == 1 ? SenderOptions.Down(attempt, default) : Task.CompletedTask, clock);
        await using var sender = new ExporterSender(exporter, SenderOptions.Fast().WithQueue(q => q with { WaitForResult = false }), clock: clock);
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 2)], CancellationToken.None);
        await Eventually.HoldsAsync(() => exporter.Attempts == 1, "the failed first attempt");

        Assert.False(delivery.IsCompleted);
        await Eventually.HoldsAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            return delivery.IsCompleted;
        }, "the retry");
        Assert.True(await delivery);
    }

    [Fact]
    public async Task Stop_sends_everything_queued_before_it_returns()
    {
        var exporter = new RecordingExporter("recorder");
        var sender = new ExporterSender(exporter, SenderOptions.Fast());
        for (var i = 0; i < 20; i++)
        {
            await sender.EnqueueAsync([TestBatches.Gauge($"r{i}", 3)], CancellationToken.None);
        }

        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(60, exporter.Calls.Sum(call => call.PointCount));
        Assert.Equal(0, sender.QueueSize);
    }

    [Fact]
    public async Task A_cancelled_stop_abandons_sends_in_flight_and_drops_the_queue_as_failed()
    {
        var exporter = new RecordingExporter("hanging", (_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));
        var sender = new ExporterSender(exporter, SenderOptions.Fast());
        sender.Start();
        var first = await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None);
        await Eventually.HoldsAsync(() => exporter.Attempts == 1, "the send to start");
        var second = await sender.EnqueueAsync([TestBatches.Gauge("b", 6)], CancellationToken.None);
        using var impatient = new CancellationTokenSource();
        impatient.Cancel();

        await sender.StopAsync(impatient.Token);

        Assert.Equal((0L, 11L), (sender.SentPoints, sender.SendFailedPoints));
        Assert.False(await first);
        Assert.False(await second);
    }

    [Fact]
    public async Task A_stopped_sender_refuses_requests()
    {
        var sender = new ExporterSender(new RecordingExporter("stopped"), SenderOptions.Fast());
        await sender.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await sender.EnqueueAsync([TestBatches.Gauge("late", 2)], CancellationToken.None));
        Assert.Throws<InvalidOperationException>(sender.Start);
        Assert.Equal(2, sender.EnqueueFailedPoints);
    }

    [Fact]
    public async Task An_empty_request_is_delivered_without_being_queued()
    {
        var exporter = new RecordingExporter("recorder");
        var sender = new ExporterSender(exporter, SenderOptions.Fast());

        var delivery = await sender.EnqueueAsync([new MetricBatchBuilder([]).Build()], CancellationToken.None);
        await sender.StopAsync(CancellationToken.None);

        Assert.True(await delivery);
        Assert.Empty(exporter.Calls);
    }

    [Fact]
    public void Misconfigured_options_are_refused_with_their_keys()
    {
        var options = SenderOptions.Fast(queueSize: 0).WithRetry(r => r with { Multiplier = 0.5 });

        var error = Assert.Throws<ArgumentException>(() => new ExporterSender(new RecordingExporter("r"), options));

        Assert.Contains("sending_queue.queue_size", error.Message);
        Assert.Contains("retry_on_failure.multiplier", error.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
