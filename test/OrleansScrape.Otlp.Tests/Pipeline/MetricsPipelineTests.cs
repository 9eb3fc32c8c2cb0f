using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Pipeline;

public class MetricsPipelineTests
{
    [Fact]
    public async Task An_exporter_that_is_down_does_not_hold_back_another_of_the_same_pipeline()
    {
        // A's retries wait on a clock that never moves: A stays in its first retry for the whole test.
        var stuck = new FakeTimeProvider();
        var down = new RecordingExporter("a", SenderOptions.Down);
        var up = new RecordingExporter("b");
        await using var a = new ExporterSender(down, SenderOptions.Fast(), clock: stuck);
        await using var b = new ExporterSender(up, SenderOptions.Fast());
        a.Start();
        b.Start();
        await using var pipeline = new MetricsPipeline("metrics", [a, b]);

        var deliveries = new List<Task<bool>> { await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("r0", 2), CancellationToken.None) };
        await Eventually.HoldsAsync(() => down.Attempts == 1, "a to fail its first attempt and wait to retry");
        for (var i = 1; i < 3; i++)
        {
            deliveries.Add(await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge($"r{i}", 2), CancellationToken.None));
        }
        await Eventually.HoldsAsync(() => up.Calls.Count == 3, "b to deliver all three batches");

        Assert.Equal(1, down.Attempts);
        Assert.Equal(2, a.QueueSize);
        Assert.All(deliveries, delivery => Assert.False(delivery.IsCompleted));
    }

    [Fact]
    public async Task A_batch_is_delivered_once_every_exporter_delivered_it()
    {
        var first = new RecordingExporter("first");
        var second = new RecordingExporter("second");
        await using var a = Started(first);
        await using var b = Started(second);
        await using var pipeline = new MetricsPipeline("metrics", [a, b]);

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 5), CancellationToken.None);

        Assert.True(await delivery);
        Assert.Single(first.Calls);
        Assert.Single(second.Calls);
    }

    [Fact]
    public async Task A_batch_is_not_delivered_when_any_exporter_gives_up()
    {
        var refusing = new RecordingExporter("refusing", (_, _) => Task.FromException(new ExportFailedException("bad request", isRetryable: false)));
        await using var a = Started(new RecordingExporter("fine"));
        await using var b = Started(refusing);
        await using var pipeline = new MetricsPipeline("metrics", [a, b]);

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 5), CancellationToken.None);

        Assert.False(await delivery);
        Assert.Equal(5, a.SentPoints);
    }

    [Fact]
    public async Task A_full_queue_that_does_not_block_is_a_failed_delivery_and_the_others_still_get_the_batch()
    {
        var full = new ExporterSender(new RecordingExporter("full"), SenderOptions.Fast(queueSize: 1));
        await full.EnqueueAsync([TestBatches.Gauge("filler", 1)], CancellationToken.None);
        var fine = new RecordingExporter("fine");
        await using var other = Started(fine);
        await using var pipeline = new MetricsPipeline("metrics", [full, other]);

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 4), CancellationToken.None);

        Assert.False(await delivery);
        Assert.Equal(4, full.EnqueueFailedPoints);
        await Eventually.HoldsAsync(() => fine.Calls.Count == 1, "the other exporter to send the batch");
        await full.DisposeAsync();
    }

    [Fact]
    public async Task Without_batching_each_batch_goes_to_the_senders_as_it_comes()
    {
        var exporter = new RecordingExporter("straight");
        await using var sender = Started(exporter);
        await using var pipeline = new MetricsPipeline("metrics", [sender]);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge($"r{i}", 2), CancellationToken.None));
        }

        Assert.Equal([1, 1, 1], exporter.Calls.Select(call => call.Batches.Count));
    }

    [Fact]
    public async Task Every_exporter_gets_the_request_and_failures_are_counted_per_exporter()
    {
        var healthy = new RecordingExporter("healthy");
        var broken = new RecordingExporter("broken", (_, _) => Task.FromException(new ExportFailedException("no", isRetryable: false)));
        var healthySender = Started(healthy);
        var brokenSender = Started(broken);
        var pipeline = new MetricsPipeline("metrics", [healthySender, brokenSender]);

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 7), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);
        await healthySender.StopAsync(CancellationToken.None);
        await brokenSender.StopAsync(CancellationToken.None);

        Assert.False(await delivery);
        Assert.Single(healthy.Calls);
        Assert.Equal(1, broken.Attempts);
        Assert.Equal((7L, 0L), (healthySender.SentPoints, healthySender.SendFailedPoints));
        Assert.Equal((0L, 7L), (brokenSender.SentPoints, brokenSender.SendFailedPoints));
    }

    [Fact]
    public async Task Batches_handed_in_within_the_timeout_go_out_in_one_request()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("gathering");
        await using var sender = Started(exporter);
        await using var pipeline = new MetricsPipeline("metrics", [sender], new BatchProcessorOptions { Timeout = TimeSpan.FromMilliseconds(500) }, clock: clock);
        pipeline.Start();

        var deliveries = new[]
        {
            await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 10), CancellationToken.None),
            await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("b", 10), CancellationToken.None),
            await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("c", 10), CancellationToken.None),
        };
        clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.All(await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(10)), Assert.True);
        var call = Assert.Single(exporter.Calls);
        Assert.Equal((3, 30), (call.Batches.Count, call.PointCount));
        Assert.Equal(30, sender.SentPoints);
    }

    [Fact]
    public async Task Send_batch_size_gathers_batches_into_one_request()
    {
        var exporter = new RecordingExporter("batched");
        await using var sender = Started(exporter);
        await using var pipeline = new MetricsPipeline("metrics", [sender], new BatchProcessorOptions { SendBatchSize = 10, Timeout = TimeSpan.FromHours(1) }, clock: new FakeTimeProvider());
        pipeline.Start();

        var deliveries = new[]
        {
            await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 4), CancellationToken.None),
            await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("b", 6), CancellationToken.None),
        };

        Assert.All(await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(10)), Assert.True);
        var call = Assert.Single(exporter.Calls);
        Assert.Equal((2, 10), (call.Batches.Count, call.PointCount));
    }

    [Fact]
    public async Task The_batch_timeout_sends_what_was_gathered()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("timed");
        await using var sender = Started(exporter);
        await using var pipeline = new MetricsPipeline("metrics", [sender], new BatchProcessorOptions(), clock: clock);
        pipeline.Start();

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 3), CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(delivery.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, Assert.Single(exporter.Calls).PointCount);
    }

    [Fact]
    public async Task Send_batch_max_size_cuts_requests_and_stop_sends_the_rest_at_once()
    {
        var exporter = new RecordingExporter("cut");
        await using var sender = Started(exporter);
        var pipeline = new MetricsPipeline("metrics", [sender], new BatchProcessorOptions { SendBatchSize = 8, SendBatchMaxSize = 10, Timeout = TimeSpan.FromHours(1) }, clock: new FakeTimeProvider());
        pipeline.Start();

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 25), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.True(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([10, 10, 5], exporter.Calls.Select(call => call.PointCount));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (double)i), TestBatches.Values(exporter.Calls.SelectMany(call => call.Batches)));
    }

    [Fact]
    public async Task Stop_of_a_pipeline_never_started_still_hands_its_batches_to_the_senders()
    {
        var exporter = new RecordingExporter("recorder");
        await using var sender = Started(exporter);
        var pipeline = new MetricsPipeline("metrics", [sender], new BatchProcessorOptions { Timeout = TimeSpan.FromHours(1) }, clock: new FakeTimeProvider());

        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 4), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.True(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(4, Assert.Single(exporter.Calls).PointCount);
        Assert.Equal(4, sender.SentPoints);
    }

    [Fact]
    public async Task A_waited_for_batch_completes_false_when_the_pipeline_is_stopped_first()
    {
        var exporter = new RecordingExporter("recorder");
        await using var sender = Started(exporter);
        var pipeline = new MetricsPipeline("metrics", [sender], new BatchProcessorOptions { Timeout = TimeSpan.FromHours(1) }, clock: new FakeTimeProvider());
        var delivery = await pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 3), CancellationToken.None);

        await pipeline.DisposeAsync();

        Assert.False(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        await sender.StopAsync(CancellationToken.None);
        Assert.Empty(exporter.Calls);
    }

    [Fact]
    public async Task A_sender_without_a_queue_sends_in_the_pipelines_await_without_holding_back_the_others()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new RecordingExporter("inline", (_, cancellationToken) => release.Task.WaitAsync(cancellationToken));
        var fast = new RecordingExporter("queued");
        await using var inline = new ExporterSender(slow, SenderOptions.Fast().WithQueue(q => q with { Enabled = false }));
        await using var queued = Started(fast);
        await using var pipeline = new MetricsPipeline("metrics", [inline, queued]);

        var enqueue = pipeline.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 2), CancellationToken.None).AsTask();
        await Eventually.HoldsAsync(() => fast.Calls.Count == 1, "the queued exporter to send while the inline one is busy");

        Assert.False(enqueue.IsCompleted);
        release.SetResult();
        Assert.True(await await enqueue.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task One_sender_serves_every_pipeline_that_names_its_exporter()
    {
        var exporter = new RecordingExporter("shared");
        await using var sender = Started(exporter);
        await using var first = new MetricsPipeline("metrics/a", [sender]);
        await using var second = new MetricsPipeline("metrics/b", [sender]);

        Assert.True(await await first.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 2), CancellationToken.None));
        Assert.True(await await second.EnqueueForDeliveryAsync(TestBatches.Gauge("b", 3), CancellationToken.None));

        Assert.Equal([2, 3], exporter.Calls.Select(call => call.PointCount));
    }

    [Fact]
    public async Task A_stopped_pipeline_refuses_batches()
    {
        await using var sender = Started(new RecordingExporter("r"));
        var plain = new MetricsPipeline("metrics/plain", [sender]);
        var batched = new MetricsPipeline("metrics/batched", [sender], new BatchProcessorOptions());
        await plain.StopAsync(CancellationToken.None);
        await batched.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await plain.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 1), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await batched.EnqueueForDeliveryAsync(TestBatches.Gauge("a", 1), CancellationToken.None));

        Assert.Throws<InvalidOperationException>(plain.Start);
        Assert.Throws<InvalidOperationException>(batched.Start);
    }

    [Fact]
    public async Task A_pipeline_without_exporters_or_with_a_misconfigured_batch_processor_is_refused()
    {
        await using var sender = new ExporterSender(new RecordingExporter("r"), SenderOptions.Fast());

        Assert.Throws<ArgumentException>(() => new MetricsPipeline("metrics", []));
        var error = Assert.Throws<ArgumentException>(() => new MetricsPipeline("metrics", [sender], new BatchProcessorOptions { SendBatchSize = -1, Timeout = TimeSpan.FromSeconds(-1) }));

        Assert.Contains("send_batch_size", error.Message);
        Assert.Contains("timeout", error.Message);
    }

    [Fact]
    public void Batch_processor_defaults_are_the_collectors()
    {
        var options = new BatchProcessorOptions();

        Assert.Equal((8192, 0, TimeSpan.FromMilliseconds(200)), (options.SendBatchSize, options.SendBatchMaxSize, options.Timeout));
        Assert.Empty(options.Validate());
        Assert.Equal("send_batch_max_size", Assert.Single(new BatchProcessorOptions { SendBatchMaxSize = 100 }.Validate()).Key);
    }

    private static ExporterSender Started(IMetricsExporter exporter)
    {
        var sender = new ExporterSender(exporter, SenderOptions.Fast());
        sender.Start();
        return sender;
    }
}
