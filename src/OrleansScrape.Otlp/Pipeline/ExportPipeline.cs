using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Otlp.Pipeline;

/// <summary>
/// The per-process path from finished batches to the exporters: a bounded queue, a loop that
/// gathers batches into requests of at most <see cref="ExportPipelineOptions.MaxPointsPerRequest"/>
/// points, and retries with exponential backoff. Call <see cref="Start"/> once, then
/// <see cref="StopAsync"/> to send what is still queued.
/// <para>
/// With <see cref="ExportPipelineOptions.PersistentQueue"/>, a batch is written to disk before it
/// counts as queued and removed once it was sent or refused for good; what the process did not
/// finish (it stopped, or retries ran out) is sent again by the next pipeline over the directory.
/// </para>
/// </summary>
public sealed class ExportPipeline : IAsyncDisposable, IBatchDelivery
{
    private readonly IMetricsExporter[] _exporters;
    private readonly ExportPipelineOptions _options;
    private readonly ILogger _logger;
    // Times retries; a test clock makes the max-elapsed rule checkable without sleeping.
    private readonly TimeProvider _clock;
    private readonly Channel<QueuedBatch> _queue;
    // Cancelled only when a stop may no longer wait: in-flight sends and retries then give up.
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _lifecycleLock = new();
    private readonly BatchLog? _log;
    // Read back from the persistent queue at construction; queued again by Start.
    private IReadOnlyList<LoggedBatch> _recovered = [];
    private Task? _loop;
    private Task? _requeue;
    private bool _stopped;
    private long _sentPoints;
    private long _sendFailedPoints;
    private long _exportRequests;

    public ExportPipeline(IEnumerable<IMetricsExporter> exporters, ExportPipelineOptions options, ILogger? logger = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(exporters);
        ArgumentNullException.ThrowIfNull(options);
        _exporters = exporters.ToArray();
        if (_exporters.Length == 0 || Array.Exists(_exporters, exporter => exporter is null))
        {
            throw new ArgumentException("An export pipeline needs at least one exporter, and no null ones.", nameof(exporters));
        }
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Export pipeline '{options.Name}' is misconfigured: {string.Join(" ", problems)}", nameof(options));
        }
        // Copied so later changes to the options object do not change a running pipeline.
        _options = options.Copy();
        _logger = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        _queue = Channel.CreateBounded<QueuedBatch>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = _options.Consumers == 1,
        });
        if (_options.PersistentQueue is { } persistent)
        {
            _log = BatchLog.Open(persistent, _logger, out _recovered);
        }
        ExporterTelemetry.TrackQueue(this);
    }

    /// <summary>Whether queued batches are kept on disk until they were handled.</summary>
    public bool IsPersistent => _log is not null;

    public string Name => _options.Name;

    /// <summary>Batches waiting in the queue, not yet taken into a request.</summary>
    public int QueueSize => _queue.Reader.Count;

    public int QueueCapacity => _options.QueueCapacity;

    /// <summary>Points accepted by exporters, summed over exporters.</summary>
    public long SentPoints => Interlocked.Read(ref _sentPoints);

    /// <summary>Points that exporters failed to send after retries, summed over exporters.</summary>
    public long SendFailedPoints => Interlocked.Read(ref _sendFailedPoints);

    /// <summary>Requests handed to the exporters; each goes to every exporter.</summary>
    public long ExportRequests => Interlocked.Read(ref _exportRequests);

    /// <summary>Queues a batch, waiting while the queue is full.</summary>
    /// <exception cref="InvalidOperationException">The pipeline has been stopped.</exception>
    public ValueTask EnqueueAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.PointCount == 0)
        {
            return ValueTask.CompletedTask;
        }
        var item = Persist(batch, waited: false);
        return _queue.Writer.TryWrite(item) ? ValueTask.CompletedTask : EnqueueWhenRoomAsync(item, cancellationToken);
    }

    /// <summary>
    /// Queues a batch and returns a task that completes once every exporter has handled all of it:
    /// true when all of them sent it, false when any gave up or the pipeline stopped first. The
    /// enqueue itself waits while the queue is full.
    /// </summary>
    public async Task<bool> ExportAndWaitAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        var delivery = await EnqueueForDeliveryAsync(batch, cancellationToken).ConfigureAwait(false);
        return await delivery.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a batch (waiting while the queue is full) and returns, once it is queued, the task of
    /// its delivery: true when every exporter sent all of it, false when any gave up or the pipeline
    /// stopped first. With a persistent queue the batch is delivered, as far as the caller is
    /// concerned, once it is on disk (the task is complete and true): the queue owns sending it from
    /// then on, across restarts, and a caller that waited for the backend instead would count it a
    /// second time after a restart.
    /// </summary>
    public async ValueTask<Task<bool>> EnqueueForDeliveryAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.PointCount == 0)
        {
            return Task.FromResult(true);
        }
        var item = Persist(batch, waited: true);
        if (!_queue.Writer.TryWrite(item))
        {
            await EnqueueWhenRoomAsync(item, cancellationToken).ConfigureAwait(false);
        }
        return _log is null ? item.Receipt!.Task : Task.FromResult(true);
    }

    /// <summary>
    /// Without a persistent queue, the batch as it is (with a receipt when someone waits for it). With
    /// one, the batch written to disk, with a receipt that removes it from the directory once it was
    /// handled, unless it is worth sending again.
    /// </summary>
    private QueuedBatch Persist(MetricBatch batch, bool waited)
    {
        if (_log is null)
        {
            return new QueuedBatch(batch, waited ? new ExportReceipt() : null);
        }
        try
        {
            return Logged(batch, _log.Append(batch));
        }
        catch (ObjectDisposedException exception)
        {
            throw new InvalidOperationException($"Export pipeline '{Name}' has been stopped and takes no more batches.", exception);
        }
    }

    private QueuedBatch Logged(MetricBatch batch, long sequence)
    {
        var log = _log!;
        return new QueuedBatch(batch, new ExportReceipt(receipt =>
        {
            if (!receipt.Unfinished)
            {
                log.Acknowledge(sequence);
            }
        }));
    }

    /// <summary>Starts the background loop; calling it again does nothing.</summary>
    public void Start()
    {
        lock (_lifecycleLock)
        {
            if (_stopped)
            {
                throw new InvalidOperationException($"Export pipeline '{Name}' has been stopped and cannot start again.");
            }
            _loop ??= RunConsumers();
            _requeue ??= RequeueRecoveredAsync();
        }
    }

    /// <summary>Queues what the persistent queue held at start, oldest first, before or among new batches.</summary>
    private async Task RequeueRecoveredAsync()
    {
        var recovered = _recovered;
        _recovered = [];
        foreach (var logged in recovered)
        {
            try
            {
                await _queue.Writer.WriteAsync(Logged(logged.Batch, logged.Sequence), _abort.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
            {
                // Stopped before all of it was queued again: the rest stays on disk for the next start.
                return;
            }
        }
    }

    // Each consumer batches on its own; the channel hands every queued batch to exactly one of them.
    private Task RunConsumers() =>
        _options.Consumers == 1 ? Task.Run(RunAsync) : Task.WhenAll(Enumerable.Range(0, _options.Consumers).Select(_ => Task.Run(RunAsync)));

    /// <summary>
    /// Refuses new batches and returns once everything queued has been exported or given up.
    /// When <paramref name="cancellationToken"/> fires first, the rest is dropped and counted as failed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_lifecycleLock)
        {
            _stopped = true;
            _queue.Writer.TryComplete();
            // A pipeline never started still owes its queued batches an export.
            loop = _loop ??= RunConsumers();
        }
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            await loop.ConfigureAwait(false);
            if (_requeue is { } requeue)
            {
                await requeue.ConfigureAwait(false);
            }
        }
        _log?.Dispose();
        ExporterTelemetry.UntrackQueue(this);
        // The pipeline owns its exporters: files and channels close with it.
        foreach (var exporter in _exporters)
        {
            (exporter as IDisposable)?.Dispose();
        }
    }

    /// <summary>Stops without waiting for retries: what is still queued is dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        _abort.Cancel();
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask EnqueueWhenRoomAsync(QueuedBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            batch.Receipt?.Discard();
            throw new InvalidOperationException($"Export pipeline '{Name}' has been stopped and takes no more batches.", exception);
        }
        catch (OperationCanceledException)
        {
            batch.Receipt?.Discard();
            throw;
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var pending = new List<MetricBatch>();
        var receipts = new List<ExportReceipt>();
        var pendingPoints = 0;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                var deadline = Stopwatch.GetTimestamp() + (long)(_options.FlushInterval.TotalSeconds * Stopwatch.Frequency);
                do
                {
                    while (true)
                    {
                        // Checked before taking a batch, so an aborted stop counts every untaken batch as dropped.
                        _abort.Token.ThrowIfCancellationRequested();
                        if (!reader.TryRead(out var item))
                        {
                            break;
                        }
                        var (batch, receipt) = item;
                        var taken = 0;
                        while (taken < batch.PointCount)
                        {
                            var take = Math.Min(_options.MaxPointsPerRequest - pendingPoints, batch.PointCount - taken);
                            pending.Add(MetricBatchSlicer.Slice(batch, taken, take));
                            pendingPoints += take;
                            if (receipt is not null)
                            {
                                receipt.AddPart(lastPart: taken + take >= batch.PointCount);
                                receipts.Add(receipt);
                            }
                            taken += take;
                            if (pendingPoints == _options.MaxPointsPerRequest)
                            {
                                Settle(receipts, await ExportAsync(pending, pendingPoints).ConfigureAwait(false));
                                pending = new List<MetricBatch>();
                                pendingPoints = 0;
                            }
                        }
                    }
                }
                while (pendingPoints > 0 && await WaitForMoreAsync(reader, deadline).ConfigureAwait(false));

                if (pendingPoints > 0)
                {
                    Settle(receipts, await ExportAsync(pending, pendingPoints).ConfigureAwait(false));
                    pending = new List<MetricBatch>();
                    pendingPoints = 0;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Settle(receipts, ExportOutcome.Unfinished);
            Drop(pendingPoints);
        }
        catch (Exception exception)
        {
            // Only a bug gets here; without this the loop would end silently and enqueuing would block forever.
            _logger.LogError(exception, "Export pipeline {Pipeline} stopped unexpectedly.", Name);
            _queue.Writer.TryComplete(exception);
            Settle(receipts, ExportOutcome.Unfinished);
            Drop(pendingPoints);
        }
    }

    /// <summary>False once the deadline has passed or the queue is completed and empty.</summary>
    private static void Settle(List<ExportReceipt> receipts, ExportOutcome outcome)
    {
        foreach (var receipt in receipts)
        {
            receipt.PartDone(outcome);
        }
        receipts.Clear();
    }

    private async Task<bool> WaitForMoreAsync(ChannelReader<QueuedBatch> reader, long deadline)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        timer.CancelAfter(remaining);
        try
        {
            return await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Hands a request to every exporter; the worst of their outcomes.</summary>
    private async Task<ExportOutcome> ExportAsync(List<MetricBatch> batches, int points)
    {
        Interlocked.Increment(ref _exportRequests);
        if (_exporters.Length == 1)
        {
            return await ExportWithRetryAsync(_exporters[0], batches, points).ConfigureAwait(false);
        }
        var sends = new Task<ExportOutcome>[_exporters.Length];
        for (var i = 0; i < sends.Length; i++)
        {
            sends[i] = ExportWithRetryAsync(_exporters[i], batches, points);
        }
        return (await Task.WhenAll(sends).ConfigureAwait(false)).Max();
    }

    /// <summary>Sends to one exporter until it succeeds, fails for good, or retrying runs out of time. Never throws.</summary>
    private async Task<ExportOutcome> ExportWithRetryAsync(IMetricsExporter exporter, List<MetricBatch> batches, int points)
    {
        var started = _clock.GetTimestamp();
        var interval = _options.RetryInitialInterval;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await exporter.ExportAsync(batches, _abort.Token).ConfigureAwait(false);
                Interlocked.Add(ref _sentPoints, points);
                ExporterTelemetry.RecordSent(exporter.Name, points);
                return ExportOutcome.Sent;
            }
            catch (ExportFailedException exception) when (exception.IsRetryable && !_abort.IsCancellationRequested)
            {
                var delay = Jitter(interval);
                if (exception.RetryAfter is { } retryAfter && retryAfter > delay)
                {
                    delay = retryAfter;
                }
                var elapsed = _clock.GetElapsedTime(started);
                if (elapsed + delay > _options.RetryMaxElapsedTime)
                {
                    Fail(exporter, points, $"gave up after {attempt} attempts in {elapsed.TotalSeconds:0.#} s", exception);
                    return ExportOutcome.Unfinished;
                }
                _logger.LogInformation(
                    "Exporter {Exporter} could not send {Points} points (attempt {Attempt}), retrying in {Delay}: {Reason}",
                    exporter.Name, points, attempt, delay, exception.Message);
                try
                {
                    await Task.Delay(delay, _clock, _abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Fail(exporter, points, "the pipeline stopped while waiting to retry", exception);
                    return ExportOutcome.Unfinished;
                }
                interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * _options.RetryMultiplier), _options.RetryMaxInterval.Ticks));
            }
            catch (OperationCanceledException exception) when (_abort.IsCancellationRequested)
            {
                Fail(exporter, points, "the pipeline stopped during the send", exception);
                return ExportOutcome.Unfinished;
            }
            catch (Exception exception)
            {
                Fail(exporter, points, exception is ExportFailedException ? "not retryable" : "unexpected error", exception);
                // A retryable failure lands here only when the pipeline stops: worth sending again.
                return exception is ExportFailedException { IsRetryable: true } ? ExportOutcome.Unfinished : ExportOutcome.Rejected;
            }
        }
    }

    private TimeSpan Jitter(TimeSpan interval)
    {
        var spread = _options.RetryRandomizationFactor * (Random.Shared.NextDouble() * 2 - 1);
        return TimeSpan.FromTicks((long)(interval.Ticks * (1 + spread)));
    }

    private void Fail(IMetricsExporter exporter, int points, string why, Exception exception)
    {
        Interlocked.Add(ref _sendFailedPoints, points);
        ExporterTelemetry.RecordSendFailed(exporter.Name, points);
        _logger.LogError(exception, "Exporter {Exporter} dropped {Points} points ({Why}): {Reason}", exporter.Name, points, why, exception.Message);
    }

    /// <summary>Counts what an aborted stop leaves behind as failed for every exporter.</summary>
    private void Drop(int pendingPoints)
    {
        long points = pendingPoints;
        while (_queue.Reader.TryRead(out var item))
        {
            points += item.Batch.PointCount;
            item.Receipt?.Abandon();
        }
        if (points == 0)
        {
            return;
        }
        foreach (var exporter in _exporters)
        {
            Interlocked.Add(ref _sendFailedPoints, points);
            ExporterTelemetry.RecordSendFailed(exporter.Name, points);
        }
        _logger.LogError("Export pipeline {Pipeline} dropped {Points} queued points because it was stopped before they could be sent.", Name, points);
    }
}
