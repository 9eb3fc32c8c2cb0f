using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters.Helper;

/// <summary><c>sending_queue.batch</c>: requests gathered by min_size and flush_timeout and cut at max_size, on virtual time.</summary>
public class QueueBatchTests
{
    [Fact]
    public async Task Requests_are_gathered_until_min_size_and_sent_as_one()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("gathering");
        await using var sender = Sender(exporter, clock, new QueueBatchOptions { MinSize = 10, FlushTimeout = TimeSpan.FromHours(1) });
        sender.Start();

        var deliveries = new[]
        {
            await sender.EnqueueAsync([TestBatches.Gauge("a", 4)], CancellationToken.None),
            await sender.EnqueueAsync([TestBatches.Gauge("b", 4)], CancellationToken.None),
            await sender.EnqueueAsync([TestBatches.Gauge("c", 2)], CancellationToken.None),
        };

        Assert.All(await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(10)), Assert.True);
        var call = Assert.Single(exporter.Calls);
        Assert.Equal((3, 10), (call.Batches.Count, call.PointCount));
    }

    [Fact]
    public async Task What_was_gathered_is_sent_once_the_flush_timeout_has_passed_since_the_oldest_was_queued()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("timed");
        await using var sender = Sender(exporter, clock, new QueueBatchOptions { MinSize = 100, FlushTimeout = TimeSpan.FromMilliseconds(200) });
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 3)], CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Empty(exporter.Calls);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, Assert.Single(exporter.Calls).PointCount);
    }

    [Fact]
    public async Task Max_size_cuts_a_large_request_and_the_rest_waits_for_more()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("cut");
        var sender = Sender(exporter, clock, new QueueBatchOptions { MinSize = 10, MaxSize = 10, FlushTimeout = TimeSpan.FromHours(1) });
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 25)], CancellationToken.None);
        await Eventually.HoldsAsync(() => exporter.Calls.Count == 2, "the two full batches");
        Assert.False(delivery.IsCompleted);
        await sender.StopAsync(CancellationToken.None);

        Assert.True(await delivery);
        Assert.Equal([10, 10, 5], exporter.Calls.Select(call => call.PointCount));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (double)i), TestBatches.Values(exporter.Calls.SelectMany(call => call.Batches)));
    }

    [Fact]
    public async Task With_the_bytes_sizer_min_size_counts_encoded_bytes()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("bytes");
        var a = TestBatches.Gauge("a", 5);
        var b = TestBatches.Gauge("b", 5);
        await using var sender = Sender(exporter, clock, new QueueBatchOptions
        {
            Sizer = QueueSizer.Bytes,
            MinSize = OtlpRequestSize.Of(a) + OtlpRequestSize.Of(b),
            FlushTimeout = TimeSpan.FromHours(1),
        });
        sender.Start();

        var first = await sender.EnqueueAsync([a], CancellationToken.None);
        var second = await sender.EnqueueAsync([b], CancellationToken.None);

        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await first);
        Assert.Equal(2, Assert.Single(exporter.Calls).Batches.Count);
    }

    [Fact]
    public async Task Without_batch_each_request_is_sent_as_it_was_queued()
    {
        var exporter = new RecordingExporter("unbatched");
        var sender = new ExporterSender(exporter, SenderOptions.Fast());
        sender.Start();

        await sender.EnqueueAsync([TestBatches.Gauge("a", 4)], CancellationToken.None);
        await sender.EnqueueAsync([TestBatches.Gauge("b", 4)], CancellationToken.None);
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal([4, 4], exporter.Calls.Select(call => call.PointCount));
    }

    private static ExporterSender Sender(RecordingExporter exporter, TimeProvider clock, QueueBatchOptions batch) =>
        new(exporter, SenderOptions.Fast(queueSize: 1000).WithQueue(q => q with { Batch = batch }), clock: clock);
}
