using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Pipeline;

public class ExportPipelineTests
{
    [Fact]
    public async Task Batches_queued_within_the_flush_interval_go_out_in_one_export()
    {
        var exporter = new RecordingExporter("recorder");
        await using var pipeline = new ExportPipeline([exporter], Options(flushInterval: TimeSpan.FromMilliseconds(500)));
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 10), CancellationToken.None);
        await pipeline.EnqueueAsync(TestBatches.Gauge("b", 10), CancellationToken.None);
        await pipeline.EnqueueAsync(TestBatches.Gauge("c", 10), CancellationToken.None);
        await Eventually.HoldsAsync(() => pipeline.SentPoints == 30, "30 points sent");

        var call = Assert.Single(exporter.Calls);
        Assert.Equal(3, call.Batches.Count);
        Assert.Equal(30, call.PointCount);
        Assert.Equal(1, pipeline.ExportRequests);
    }

    [Fact]
    public async Task Several_consumers_export_every_batch_exactly_once()
    {
        var exporter = new RecordingExporter("recorder");
        var options = Options(maxPointsPerRequest: 10);
        options.Consumers = 4;
        var pipeline = new ExportPipeline([exporter], options);
        pipeline.Start();
        for (var i = 0; i < 40; i++)
        {
            await pipeline.EnqueueAsync(TestBatches.Gauge($"r{i}", 5, firstValue: i * 5), CancellationToken.None);
        }

        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(200, pipeline.SentPoints);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (double)i), TestBatches.Values(exporter.Calls.SelectMany(call => call.Batches)).Order());
    }

    [Fact]
    public async Task Waited_for_batch_completes_true_once_every_part_was_sent()
    {
        var exporter = new RecordingExporter("recorder");
        await using var pipeline = new ExportPipeline([exporter], Options(maxPointsPerRequest: 10));
        pipeline.Start();

        var sent = await pipeline.ExportAndWaitAsync(TestBatches.Gauge("a", 35), CancellationToken.None);

        Assert.True(sent);
        Assert.Equal(35, pipeline.SentPoints);
        Assert.Equal(4, exporter.Calls.Count);
    }

    [Fact]
    public async Task Waited_for_batch_completes_false_when_an_exporter_gives_up()
    {
        var exporter = new RecordingExporter("failing", (_, _) => throw new ExportFailedException("rejected", isRetryable: false));
        await using var pipeline = new ExportPipeline([exporter], Options());
        pipeline.Start();

        Assert.False(await pipeline.ExportAndWaitAsync(TestBatches.Gauge("a", 3), CancellationToken.None));
    }

    [Fact]
    public async Task Waited_for_batch_completes_false_when_the_pipeline_is_stopped_first()
    {
        var exporter = new RecordingExporter("recorder");
        var pipeline = new ExportPipeline([exporter], Options());
        var waiting = pipeline.ExportAndWaitAsync(TestBatches.Gauge("a", 3), CancellationToken.None);

        await pipeline.DisposeAsync();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Queued_batch_is_sent_once_the_flush_interval_passes()
    {
        var exporter = new RecordingExporter("recorder");
        await using var pipeline = new ExportPipeline([exporter], Options(flushInterval: TimeSpan.FromMilliseconds(100)));
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 3), CancellationToken.None);

        await Eventually.HoldsAsync(() => exporter.Calls.Count == 1, "the lone batch to be flushed");
        Assert.Equal(3, pipeline.SentPoints);
    }

    [Fact]
    public async Task Requests_are_split_at_max_points_per_request()
    {
        var exporter = new RecordingExporter("recorder");
        var pipeline = new ExportPipeline([exporter], Options(maxPointsPerRequest: 25));
        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 10, firstValue: 0), CancellationToken.None);
        await pipeline.EnqueueAsync(TestBatches.Gauge("b", 60, firstValue: 10), CancellationToken.None);
        await pipeline.EnqueueAsync(TestBatches.Gauge("c", 30, firstValue: 70), CancellationToken.None);

        pipeline.Start();
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal([25, 25, 25, 25], exporter.Calls.Select(call => call.PointCount));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), TestBatches.Values(exporter.Calls.SelectMany(call => call.Batches)));
        Assert.Equal(100, pipeline.SentPoints);
        Assert.Equal(4, pipeline.ExportRequests);
    }

    [Fact]
    public async Task Retryable_failure_is_retried_until_it_succeeds()
    {
        var exporter = new RecordingExporter("flaky", (attempt, _) => attempt < 3
            ? Task.FromException(new ExportFailedException("busy", isRetryable: true))
            : Task.CompletedTask);
        var pipeline = new ExportPipeline([exporter], Options());
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 5), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(3, exporter.Attempts);
        Assert.Single(exporter.Calls);
        Assert.Equal(5, pipeline.SentPoints);
        Assert.Equal(0, pipeline.SendFailedPoints);
    }

    [Fact]
    public async Task Retry_waits_at_least_the_retry_after_the_exporter_reports()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("throttled", (attempt, _) => attempt == 1
            ? Task.FromException(new ExportFailedException("slow down", isRetryable: true, retryAfter: TimeSpan.FromMilliseconds(400)))
            : Task.CompletedTask, clock);
        var pipeline = new ExportPipeline([exporter], Options(), clock: clock);
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 5), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        var times = exporter.AttemptTimes;
        Assert.Equal(2, times.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(400), times[1] - times[0]);
        Assert.Equal(5, pipeline.SentPoints);
    }

    [Fact]
    public async Task Non_retryable_failure_is_not_retried_and_counts_as_failed()
    {
        var exporter = new RecordingExporter("broken", (_, _) => Task.FromException(new ExportFailedException("bad request", isRetryable: false)));
        var pipeline = new ExportPipeline([exporter], Options());
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 5), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(1, exporter.Attempts);
        Assert.Equal(0, pipeline.SentPoints);
        Assert.Equal(5, pipeline.SendFailedPoints);
    }

    [Fact]
    public async Task Unexpected_exception_counts_as_failed_without_stopping_the_pipeline()
    {
        var exporter = new RecordingExporter("buggy", (attempt, _) => attempt == 1
            ? Task.FromException(new InvalidOperationException("bug"))
            : Task.CompletedTask);
        var pipeline = new ExportPipeline([exporter], Options(maxPointsPerRequest: 5));
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 5), CancellationToken.None);
        await pipeline.EnqueueAsync(TestBatches.Gauge("b", 5), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(5, pipeline.SendFailedPoints);
        Assert.Equal(5, pipeline.SentPoints);
    }

    [Fact]
    public async Task Retrying_stops_once_the_max_elapsed_time_would_be_exceeded()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("down", (_, _) => Task.FromException(new ExportFailedException("unavailable", isRetryable: true)), clock);
        var options = Options();
        options.RetryMaxElapsedTime = TimeSpan.FromMilliseconds(200);
        var pipeline = new ExportPipeline([exporter], options, clock: clock);
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 5), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        // Waits grow 10, 15, 22.5, 33.75 ms, then stay at the 40 ms max interval. The last attempt
        // falls within the 200 ms budget, and one more wait would have passed it.
        var lastAttempt = exporter.AttemptTimes[^1] - exporter.AttemptTimes[0];
        Assert.True(exporter.Attempts >= 6, $"{exporter.Attempts} attempts");
        Assert.True(lastAttempt <= TimeSpan.FromMilliseconds(200), $"last attempt at {lastAttempt.TotalMilliseconds} ms");
        Assert.True(lastAttempt + TimeSpan.FromMilliseconds(40) > TimeSpan.FromMilliseconds(200), $"gave up early, at {lastAttempt.TotalMilliseconds} ms");
        Assert.Equal(5, pipeline.SendFailedPoints);
    }

    [Fact]
    public async Task Every_exporter_gets_the_request_and_failures_are_counted_per_exporter()
    {
        var healthy = new RecordingExporter("healthy");
        var broken = new RecordingExporter("broken", (_, _) => Task.FromException(new ExportFailedException("no", isRetryable: false)));
        var pipeline = new ExportPipeline([healthy, broken], Options());
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 7), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Single(healthy.Calls);
        Assert.Equal(1, broken.Attempts);
        Assert.Equal(7, pipeline.SentPoints);
        Assert.Equal(7, pipeline.SendFailedPoints);
    }

    [Fact]
    public async Task Exporters_run_concurrently()
    {
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        Task WaitForTheOther(int attempt, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }
            return bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        var first = new RecordingExporter("first", WaitForTheOther);
        var second = new RecordingExporter("second", WaitForTheOther);
        var pipeline = new ExportPipeline([first, second], Options());
        pipeline.Start();

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 2), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(4, pipeline.SentPoints);
    }

    [Fact]
    public async Task Stop_drains_and_exports_everything_queued_without_waiting_for_the_interval()
    {
        var exporter = new RecordingExporter("recorder");
        var pipeline = new ExportPipeline([exporter], Options(flushInterval: TimeSpan.FromHours(1)));
        pipeline.Start();
        for (var i = 0; i < 20; i++)
        {
            await pipeline.EnqueueAsync(TestBatches.Gauge($"r{i}", 3), CancellationToken.None);
        }

        var stop = pipeline.StopAsync(CancellationToken.None);

        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10))));
        await stop;
        Assert.Equal(60, exporter.Calls.Sum(call => call.PointCount));
        Assert.Equal(0, pipeline.QueueSize);
    }

    [Fact]
    public async Task Stop_of_a_pipeline_never_started_still_exports_the_queue()
    {
        var exporter = new RecordingExporter("recorder");
        var pipeline = new ExportPipeline([exporter], Options());
        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 4), CancellationToken.None);

        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(4, pipeline.SentPoints);
    }

    [Fact]
    public async Task Cancelled_stop_gives_up_in_flight_sends_and_counts_them_failed()
    {
        var exporter = new RecordingExporter("hanging", (_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));
        var pipeline = new ExportPipeline([exporter], Options(queueCapacity: 10));
        pipeline.Start();
        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 5), CancellationToken.None);
        await Eventually.HoldsAsync(() => exporter.Attempts == 1, "the send to start");
        await pipeline.EnqueueAsync(TestBatches.Gauge("b", 6), CancellationToken.None);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await pipeline.StopAsync(impatient.Token);

        Assert.Equal(0, pipeline.SentPoints);
        Assert.Equal(11, pipeline.SendFailedPoints);
    }

    [Fact]
    public async Task Enqueue_waits_while_the_queue_is_full()
    {
        var exporter = new RecordingExporter("recorder");
        await using var pipeline = new ExportPipeline([exporter], Options(queueCapacity: 1));
        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 1), CancellationToken.None);

        var second = pipeline.EnqueueAsync(TestBatches.Gauge("b", 1), CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, pipeline.QueueSize);

        pipeline.Start();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Enqueue_after_stop_is_refused()
    {
        var pipeline = new ExportPipeline([new RecordingExporter("recorder")], Options());
        await pipeline.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.EnqueueAsync(TestBatches.Gauge("a", 1), CancellationToken.None).AsTask());
        Assert.Throws<InvalidOperationException>(pipeline.Start);
    }

    [Fact]
    public async Task Empty_batch_is_not_queued()
    {
        var exporter = new RecordingExporter("recorder");
        var pipeline = new ExportPipeline([exporter], Options());

        await pipeline.EnqueueAsync(new MetricBatchBuilder([]).Build(), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Empty(exporter.Calls);
    }

    [Fact]
    public void Misconfigured_options_are_refused()
    {
        var options = Options(maxPointsPerRequest: 0);
        options.RetryMultiplier = 0.5;

        var error = Assert.Throws<ArgumentException>(() => new ExportPipeline([new RecordingExporter("r")], options));

        Assert.Contains("max points per request", error.Message);
        Assert.Contains("retry multiplier", error.Message);
        Assert.Throws<ArgumentException>(() => new ExportPipeline([], Options()));
    }

    [Fact]
    public void Defaults_follow_the_collector()
    {
        var options = new ExportPipelineOptions();

        Assert.Equal(8192, options.MaxPointsPerRequest);
        Assert.Equal(TimeSpan.FromSeconds(1), options.FlushInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryInitialInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryMaxInterval);
        Assert.Equal(1.5, options.RetryMultiplier);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RetryMaxElapsedTime);
        Assert.Empty(options.Validate());
    }

    /// <summary>Short intervals so retries and flushes happen within a test's time.</summary>
    private static ExportPipelineOptions Options(int maxPointsPerRequest = 8192, TimeSpan? flushInterval = null, int queueCapacity = 64) => new()
    {
        Name = "test-" + Guid.NewGuid().ToString("N"),
        MaxPointsPerRequest = maxPointsPerRequest,
        FlushInterval = flushInterval ?? TimeSpan.FromMilliseconds(50),
        QueueCapacity = queueCapacity,
        RetryInitialInterval = TimeSpan.FromMilliseconds(10),
        RetryMaxInterval = TimeSpan.FromMilliseconds(40),
        RetryRandomizationFactor = 0,
        RetryMaxElapsedTime = TimeSpan.FromSeconds(10),
    };
}
