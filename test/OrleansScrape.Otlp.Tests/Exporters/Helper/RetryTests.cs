using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters.Helper;

/// <summary><c>retry_on_failure</c> and <c>timeout</c> of an exporter's sender, on virtual time.</summary>
public class RetryTests
{
    [Fact]
    public async Task Retryable_failure_is_retried_until_it_succeeds()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("flaky", (attempt, _) => attempt < 3 ? SenderOptions.Down(attempt, default) : Task.CompletedTask, clock);
        var sender = new ExporterSender(exporter, SenderOptions.Fast(), clock: clock);
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None);

        Assert.True(await delivery);
        await sender.StopAsync(CancellationToken.None);
        Assert.Equal(3, exporter.Attempts);
        Assert.Single(exporter.Calls);
        Assert.Equal((5L, 0L), (sender.SentPoints, sender.SendFailedPoints));
    }

    [Fact]
    public async Task Waits_grow_by_the_multiplier_from_the_initial_interval_up_to_the_max_interval()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("flaky", (attempt, _) => attempt < 6 ? SenderOptions.Down(attempt, default) : Task.CompletedTask, clock);
        var sender = new ExporterSender(exporter, SenderOptions.Fast().WithRetry(r => r with { Multiplier = 2 }), clock: clock);
        sender.Start();

        Assert.True(await await sender.EnqueueAsync([TestBatches.Gauge("a", 1)], CancellationToken.None));
        await sender.StopAsync(CancellationToken.None);

        var times = exporter.AttemptTimes;
        var waits = times.Zip(times.Skip(1), (before, after) => (after - before).TotalMilliseconds);
        Assert.Equal([10.0, 20.0, 40.0, 40.0, 40.0], waits);
    }

    [Fact]
    public async Task Retry_waits_at_least_the_retry_after_the_backend_asked_for()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("throttled", (attempt, _) => attempt == 1
            ? Task.FromException(new ExportFailedException("slow down", isRetryable: true, retryAfter: TimeSpan.FromMilliseconds(400)))
            : Task.CompletedTask, clock);
        var sender = new ExporterSender(exporter, SenderOptions.Fast(), clock: clock);
        sender.Start();

        Assert.True(await await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None));
        await sender.StopAsync(CancellationToken.None);

        var times = exporter.AttemptTimes;
        Assert.Equal(2, times.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(400), times[1] - times[0]);
    }

    [Fact]
    public async Task Retry_enabled_false_makes_one_attempt_only()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("down", SenderOptions.Down, clock);
        var sender = new ExporterSender(exporter, SenderOptions.Fast().WithRetry(r => r with { Enabled = false }), clock: clock);
        sender.Start();

        Assert.False(await await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None));
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(1, exporter.Attempts);
        Assert.Equal((0L, 5L), (sender.SentPoints, sender.SendFailedPoints));
    }

    [Fact]
    public async Task Retrying_stops_once_the_next_wait_would_pass_max_elapsed_time()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("down", SenderOptions.Down, clock);
        var sender = new ExporterSender(exporter, SenderOptions.Fast().WithRetry(r => r with { Multiplier = 2, MaxElapsedTime = TimeSpan.FromMilliseconds(200) }), clock: clock);
        sender.Start();

        Assert.False(await await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None));
        await sender.StopAsync(CancellationToken.None);

        // Waits of 10, 20, then 40 ms: attempts at 0, 10, 30, 70, 110, 150 and 190 ms; the next at 230 ms
        // would pass the 200 ms budget, so the seventh attempt is the last.
        var last = exporter.AttemptTimes[^1] - exporter.AttemptTimes[0];
        Assert.Equal(7, exporter.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(190), last);
        Assert.Equal(5, sender.SendFailedPoints);
    }

    [Fact]
    public async Task Max_elapsed_time_zero_retries_past_any_budget_until_the_backend_answers()
    {
        var clock = new SteppingClock();
        var exporter = new RecordingExporter("long-outage", (attempt, _) => attempt <= 30 ? SenderOptions.Down(attempt, default) : Task.CompletedTask, clock);
        var options = new ExporterHelperOptions(TimeSpan.Zero)
        {
            Retry = new RetryOptions { InitialInterval = TimeSpan.FromSeconds(1), MaxElapsedTime = TimeSpan.Zero, RandomizationFactor = 0 },
        };
        var sender = new ExporterSender(exporter, options, clock: clock);
        sender.Start();

        Assert.True(await await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None));
        await sender.StopAsync(CancellationToken.None);

        // 30 waits from 1 s up to the 30 s max interval: far past the 300 s default budget.
        Assert.Equal(31, exporter.Attempts);
        Assert.True(exporter.AttemptTimes[^1] > TimeSpan.FromSeconds(300), $"last attempt at {exporter.AttemptTimes[^1]}");
        Assert.Equal((5L, 0L), (sender.SentPoints, sender.SendFailedPoints));
    }

    [Fact]
    public async Task Non_retryable_failure_is_not_retried_and_counts_as_failed()
    {
        var exporter = new RecordingExporter("broken", (_, _) => Task.FromException(new ExportFailedException("bad request", isRetryable: false)));
        var sender = new ExporterSender(exporter, SenderOptions.Fast());
        sender.Start();

        Assert.False(await await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None));
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(1, exporter.Attempts);
        Assert.Equal((0L, 5L), (sender.SentPoints, sender.SendFailedPoints));
    }

    [Fact]
    public async Task Unexpected_exception_fails_the_request_without_stopping_the_sender()
    {
        var exporter = new RecordingExporter("buggy", (attempt, _) => attempt == 1 ? Task.FromException(new InvalidOperationException("bug")) : Task.CompletedTask);
        var sender = new ExporterSender(exporter, SenderOptions.Fast());
        sender.Start();

        var first = await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None);
        var second = await sender.EnqueueAsync([TestBatches.Gauge("b", 5)], CancellationToken.None);

        Assert.False(await first);
        Assert.True(await second);
        await sender.StopAsync(CancellationToken.None);
        Assert.Equal((5L, 5L), (sender.SentPoints, sender.SendFailedPoints));
    }

    [Fact]
    public async Task An_attempt_running_past_the_timeout_is_abandoned_and_retried()
    {
        var clock = new FakeTimeProvider();
        var exporter = new RecordingExporter("hanging-once", (attempt, cancellationToken) => attempt == 1
            ? Task.Delay(Timeout.Infinite, cancellationToken)
            : Task.CompletedTask, clock);
        var options = SenderOptions.Fast() with { Timeout = TimeSpan.FromSeconds(5) };
        await using var sender = new ExporterSender(exporter, options, clock: clock);
        sender.Start();

        var delivery = await sender.EnqueueAsync([TestBatches.Gauge("a", 3)], CancellationToken.None);
        await Eventually.HoldsAsync(() => exporter.Attempts == 1, "the first attempt to start");
        clock.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(delivery.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1)); // the timeout
        // The retry waits 10 ms of virtual time once the timed-out attempt has been handled.
        await Eventually.HoldsAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            return exporter.Attempts == 2;
        }, "the retry");

        Assert.True(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, exporter.Attempts);
        Assert.Equal(3, sender.SentPoints);
        Assert.True(exporter.AttemptTimes[1] >= TimeSpan.FromSeconds(5.01), $"retried at {exporter.AttemptTimes[1]}");
    }
}
