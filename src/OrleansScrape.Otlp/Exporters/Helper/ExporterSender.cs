using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// The Collector's exporterhelper for one exporter instance on one silo, shared by every pipeline that
/// names the exporter. A request goes through:
/// <list type="number">
/// <item><b>sending queue</b> (<c>sending_queue</c>): bounded by <c>queue_size</c> counted by its sizer;
/// a full queue refuses at once (<see cref="SendingQueueFullException"/>) or, with
/// <c>block_on_overflow</c>, makes the caller wait. <c>num_consumers</c> requests are sent at once.
/// With <c>batch</c>, the consumers first gather requests until <c>min_size</c> or <c>flush_timeout</c>
/// (counted from when the oldest was queued) and cut at <c>max_size</c>. With <c>storage</c>, the queue
/// is kept on disk (<see cref="BatchLog"/>) in a directory of its own below the storage's, and what was
/// not handled is sent again by the next sender over that directory. With <c>enabled: false</c> there
/// is no queue: the send, retries included, happens in the caller's await.</item>
/// <item><b>retry</b> (<c>retry_on_failure</c>): exponential backoff with jitter, at least the
/// <see cref="ExportFailedException.RetryAfter"/> the backend asked for, given up after
/// <c>max_elapsed_time</c> (0: never). Each attempt is limited by <c>timeout</c>. Waits and timeouts
/// run on the <see cref="TimeProvider"/> given, so tests run on virtual time.</item>
/// <item><b>shaping</b> within the backend's <see cref="BackendLimits"/>: attributes cut, summaries as
/// gauges, requests split at <see cref="BackendLimits.MaxPointsPerRequest"/> and
/// <see cref="BackendLimits.MaxRequestBytes"/>. A retry sends only the parts not yet delivered.</item>
/// <item><b>transport</b>: the <see cref="IMetricsExporter"/>, which only encodes and sends one part.</item>
/// </list>
/// Counts <c>otelcol_exporter_sent_metric_points</c>, <c>otelcol_exporter_send_failed_metric_points</c>
/// (points as sent, after shaping), <c>otelcol_exporter_enqueue_failed_metric_points</c> and the
/// <c>otelcol_exporter_queue_size</c> / <c>otelcol_exporter_queue_capacity</c> gauges, all tagged
/// <c>exporter</c>. Call <see cref="Start"/> once, then <see cref="StopAsync"/>; the sender owns its
/// transport and disposes it when it stops.
/// </summary>
public sealed class ExporterSender : IAsyncDisposable
{
    private readonly IMetricsExporter _transport;
    private readonly ExporterHelperOptions _options;
    private readonly BackendLimits _limits;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    // Null without a queue (sending_queue.enabled: false).
    private readonly QueueSpace? _space;
    private readonly Channel<QueuedRequest>? _queue;
    // Limits the batch stage's concurrent sends to num_consumers.
    private readonly SemaphoreSlim? _workers;
    private readonly BatchLog? _log;
    // Cancelled only when a stop may no longer wait: sends and retries in flight then give up.
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _lifecycleLock = new();
    // Sends not owned by a consumer loop (batch flushes, inline sends), awaited by a stop.
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private IReadOnlyList<LoggedBatch> _recovered = [];
    private Task? _loop;
    private Task? _requeue;
    private bool _stopped;
    private int _closed;
    private long _sentPoints;
    private long _sendFailedPoints;
    private long _enqueueFailedPoints;

    /// <param name="transport">Encodes and sends one request; owned (disposed) by the sender.</param>
    /// <param name="options">The exporter's exporterhelper settings.</param>
    /// <param name="limits">What the backend accepts; <see cref="BackendLimits.None"/> when null.</param>
    /// <param name="storage">
    /// The <c>file_storage</c> extension that <c>sending_queue.storage</c> names, resolved by the caller;
    /// required exactly when the queue is enabled and names a storage. The queue lives in the
    /// subdirectory <see cref="StorageDirectoryName"/> of its directory.
    /// </param>
    /// <param name="logger">Where retries and losses are logged.</param>
    /// <param name="clock">Times retries, timeouts and batch flushes; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, or <paramref name="storage"/> does not match them.</exception>
    public ExporterSender(
        IMetricsExporter transport,
        ExporterHelperOptions options,
        BackendLimits? limits = null,
        PersistentQueueOptions? storage = null,
        ILogger? logger = null,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(transport.Name, nameof(transport));
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Exporter '{transport.Name}' is misconfigured: {string.Join("; ", problems)}", nameof(options));
        }
        var queue = options.Queue;
        var persistent = queue.Enabled && queue.Storage is not null;
        if (persistent != storage is not null)
        {
            throw new ArgumentException(persistent
                ? $"Exporter '{transport.Name}' keeps its queue in storage '{queue.Storage}', but no storage was given."
                : $"Exporter '{transport.Name}' was given a storage, but its sending queue names none (or is disabled).", nameof(storage));
        }
        _transport = transport;
        _options = options;
        _limits = limits ?? BackendLimits.None;
        _logger = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        if (!queue.Enabled)
        {
            return;
        }
        _space = new QueueSpace(queue.QueueSize);
        var consumers = queue.Batch is null ? queue.NumConsumers : 1;
        _queue = Channel.CreateUnbounded<QueuedRequest>(new UnboundedChannelOptions { SingleReader = consumers == 1 });
        if (queue.Batch is not null)
        {
            _workers = new SemaphoreSlim(queue.NumConsumers, queue.NumConsumers);
        }
        if (storage is not null)
        {
            if (!storage.CreateDirectory && !Directory.Exists(storage.Directory))
            {
                throw new DirectoryNotFoundException($"The storage directory {storage.Directory} of exporter '{Name}' does not exist (set create_directory to create it).");
            }
            var own = storage with { Directory = Path.Combine(storage.Directory, StorageDirectoryName(Name)), CreateDirectory = true };
            _log = BatchLog.Open(own, _logger, out _recovered);
        }
        ExporterTelemetry.TrackQueue(this);
    }

    /// <summary>Builds the chain of an exporter a factory read: its transport, helper settings and limits.</summary>
    /// <param name="storage">The resolved <c>file_storage</c> extension when the exporter's queue names one.</param>
    public static ExporterSender Create(IExporterFactory factory, string id, object options, ExporterServices services, PersistentQueueOptions? storage = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(services);
        var transport = factory.CreateTransport(id, options, services);
        try
        {
            return new ExporterSender(transport, factory.HelperOf(options), factory.LimitsOf(options), storage,
                services.LoggerFactory.CreateLogger<ExporterSender>(), services.Clock);
        }
        catch
        {
            (transport as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The directory an exporter's persistent queue uses below its storage: <c>exporter_</c>, the type,
    /// <c>_</c>, the name (<c>otlp_http/dynatrace</c> is <c>exporter_otlp_http_dynatrace</c>). In the name,
    /// <c>_</c> and anything but ASCII letters, digits, <c>-</c> and <c>.</c> become <c>~XXXX</c> (its UTF-16
    /// code), so two ids never share a directory.
    /// </summary>
    public static string StorageDirectoryName(string exporterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exporterId);
        var slash = exporterId.IndexOf('/');
        var type = slash < 0 ? exporterId : exporterId[..slash];
        var text = new StringBuilder("exporter_");
        Escape(type, text, keepUnderscore: true);
        if (slash >= 0)
        {
            text.Append('_');
            Escape(exporterId[(slash + 1)..], text, keepUnderscore: false);
        }
        return text.ToString();
    }

    private static void Escape(string part, StringBuilder text, bool keepUnderscore)
    {
        foreach (var c in part)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' || (c == '_' && keepUnderscore))
            {
                text.Append(c);
            }
            else
            {
                text.Append('~').Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The exporter's id (its transport's name): the <c>exporter</c> tag of its metrics.</summary>
    public string Name => _transport.Name;

    /// <summary>Whether queued requests are kept on disk until they were handled.</summary>
    public bool IsPersistent => _log is not null;

    /// <summary>The settings the sender runs with.</summary>
    public ExporterHelperOptions Options => _options;

    /// <summary>What waits in the queue, in the queue's sizer units; 0 without a queue.</summary>
    public long QueueSize => _space?.Used ?? 0;

    /// <summary>The queue's capacity (<c>queue_size</c>); 0 without a queue.</summary>
    public long QueueCapacity => _space?.Capacity ?? 0;

    /// <summary>Points the backend accepted, as sent (after shaping).</summary>
    public long SentPoints => Interlocked.Read(ref _sentPoints);

    /// <summary>Points given up (retries ran out, refused for good, or dropped by a stop), as sent.</summary>
    public long SendFailedPoints => Interlocked.Read(ref _sendFailedPoints);

    /// <summary>Points of requests the queue refused.</summary>
    public long EnqueueFailedPoints => Interlocked.Read(ref _enqueueFailedPoints);

    /// <summary>
    /// Hands a request (batches sent together) to the exporter. Once the queue accepted it, the result is
    /// the task of its delivery: true when every part was sent, false when the sender gave up (it never
    /// faults). With a persistent queue and <c>wait_for_result: false</c> it is true as soon as the
    /// request is on disk: the queue owns sending it from then on, across restarts. Without a queue
    /// (<c>enabled: false</c>) this completes only after the send, retries included, and the task is
    /// already complete; <paramref name="cancellationToken"/> then cancels the send itself. An empty
    /// request is delivered at once.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for room in a blocking queue (nothing is queued then).</param>
    /// <exception cref="SendingQueueFullException">The queue is full and does not block, or the request can never fit it.</exception>
    /// <exception cref="InvalidOperationException">The sender has been stopped.</exception>
    /// <exception cref="OperationCanceledException">The token fired while waiting for room.</exception>
    public ValueTask<Task<bool>> EnqueueAsync(IReadOnlyList<MetricBatch> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var points = OtlpRequestEncoder.CountPoints(request);
        if (points == 0)
        {
            return ValueTask.FromResult(Task.FromResult(true));
        }
        if (_queue is null)
        {
            return SendInlineAsync(request, points, cancellationToken);
        }
        var size = _options.Queue.Sizer switch
        {
            QueueSizer.Items => points,
            QueueSizer.Bytes => OtlpRequestSize.Of(request),
            _ => 1,
        };
        switch (_space!.TryReserve(size))
        {
            case Reservation.Granted:
                try
                {
                    return ValueTask.FromResult(Admit(request, points, size));
                }
                catch (Exception exception)
                {
                    return ValueTask.FromException<Task<bool>>(exception);
                }
            case Reservation.Full when _options.Queue.BlockOnOverflow:
                return WaitForRoomAsync(request, points, size, cancellationToken);
            case Reservation.Closed:
                RefuseEnqueue(points);
                return ValueTask.FromException<Task<bool>>(Stopped());
            default:
                RefuseEnqueue(points);
                return ValueTask.FromException<Task<bool>>(new SendingQueueFullException(Name, size, _space.Used, _space.Capacity, _options.Queue.Sizer));
        }
    }

    private async ValueTask<Task<bool>> WaitForRoomAsync(IReadOnlyList<MetricBatch> request, int points, long size, CancellationToken cancellationToken)
    {
        Reservation reservation;
        try
        {
            reservation = await _space!.ReserveAsync(size, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RefuseEnqueue(points);
            throw;
        }
        if (reservation != Reservation.Granted)
        {
            RefuseEnqueue(points);
            throw Stopped();
        }
        return Admit(request, points, size);
    }

    /// <summary>Queues a request whose room is reserved: on disk first when the queue is persistent.</summary>
    private Task<bool> Admit(IReadOnlyList<MetricBatch> request, int points, long size)
    {
        ExportReceipt receipt;
        if (_log is { } log)
        {
            var sequences = new List<long>(request.Count);
            try
            {
                foreach (var batch in request)
                {
                    // An empty batch is not worth a record (and reads back as no resource at all).
                    if (batch.PointCount > 0)
                    {
                        sequences.Add(log.Append(batch));
                    }
                }
            }
            catch (Exception exception)
            {
                _space!.Release(size);
                RefuseEnqueue(points);
                // What was written of the request is not owed: the caller was told it was not queued.
                foreach (var sequence in sequences)
                {
                    log.Acknowledge(sequence);
                }
                if (exception is ObjectDisposedException)
                {
                    throw Stopped(exception);
                }
                throw;
            }
            receipt = Acknowledging(log, [.. sequences]);
        }
        else
        {
            receipt = new ExportReceipt();
        }
        var item = new QueuedRequest(request, points, size, _clock.GetTimestamp(), receipt);
        if (!_queue!.Writer.TryWrite(item))
        {
            _space!.Release(size);
            receipt.Discard();
            RefuseEnqueue(points);
            throw Stopped();
        }
        return _log is not null && !_options.Queue.WaitForResult ? Task.FromResult(true) : receipt.Task;
    }

    // Removes the request's records once it was handled, unless it is worth sending again.
    private static ExportReceipt Acknowledging(BatchLog log, long[] sequences) => new(receipt =>
    {
        if (!receipt.Unfinished)
        {
            foreach (var sequence in sequences)
            {
                log.Acknowledge(sequence);
            }
        }
    });

    private async ValueTask<Task<bool>> SendInlineAsync(IReadOnlyList<MetricBatch> request, int points, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lifecycleLock)
        {
            if (_stopped)
            {
                RefuseEnqueue(points);
                throw Stopped();
            }
            _inFlight.TryAdd(done.Task, 0);
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
            var outcome = await SendAsync(request, points, linked.Token).ConfigureAwait(false);
            return Task.FromResult(outcome == ExportOutcome.Sent);
        }
        finally
        {
            _inFlight.TryRemove(done.Task, out _);
            done.SetResult();
        }
    }

    /// <summary>Starts the queue's consumers (and re-queues what a persistent queue held); calling it again does nothing.</summary>
    /// <exception cref="InvalidOperationException">The sender has been stopped.</exception>
    public void Start()
    {
        lock (_lifecycleLock)
        {
            if (_stopped)
            {
                throw new InvalidOperationException($"Exporter '{Name}' has been stopped and cannot start again.");
            }
            _loop ??= RunConsumers();
            if (_log is not null)
            {
                _requeue ??= RequeueRecoveredAsync();
            }
        }
    }

    /// <summary>
    /// Refuses new requests and returns once everything queued was sent or given up (retrying as long as
    /// it takes). When <paramref name="cancellationToken"/> fires first, sends and retries in flight are
    /// abandoned and what is still queued is dropped, all counted as failed; a persistent queue keeps
    /// them on disk for the next start. Then the transport is disposed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_lifecycleLock)
        {
            _stopped = true;
            _space?.Close();
            _queue?.Writer.TryComplete();
            // A sender never started still owes its queue a send.
            loop = _loop ??= RunConsumers();
        }
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            await loop.ConfigureAwait(false);
            if (_requeue is { } requeue)
            {
                await requeue.ConfigureAwait(false);
            }
            while (!_inFlight.IsEmpty)
            {
                await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
            }
        }
        DropQueued();
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _log?.Dispose();
            ExporterTelemetry.UntrackQueue(this);
            (_transport as IDisposable)?.Dispose();
            _workers?.Dispose();
        }
    }

    /// <summary>Stops without waiting for retries: what is still queued is dropped (and kept on disk when persistent).</summary>
    public async ValueTask DisposeAsync()
    {
        _abort.Cancel();
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private Task RunConsumers()
    {
        if (_queue is null)
        {
            return Task.CompletedTask;
        }
        if (_options.Queue.Batch is not null)
        {
            return Task.Run(BatchAsync);
        }
        var consumers = _options.Queue.NumConsumers;
        return consumers == 1 ? Task.Run(ConsumeAsync) : Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => Task.Run(ConsumeAsync)));
    }

    /// <summary>Queues what the persistent queue held at start, oldest first, each batch a request.</summary>
    private async Task RequeueRecoveredAsync()
    {
        var recovered = _recovered;
        _recovered = [];
        var log = _log!;
        foreach (var logged in recovered)
        {
            var request = new[] { logged.Batch };
            var points = logged.Batch.PointCount;
            var size = _options.Queue.Sizer switch
            {
                QueueSizer.Items => points,
                QueueSizer.Bytes => OtlpRequestSize.Of(logged.Batch),
                _ => 1,
            };
            try
            {
                // Recovered requests wait for room whatever block_on_overflow says: they are owed a send.
                // One too large for the queue as it is configured now is let in alone.
                var reservation = await _space!.ReserveAsync(Math.Min(size, _space.Capacity), _abort.Token).ConfigureAwait(false);
                if (reservation != Reservation.Granted)
                {
                    return;
                }
                size = Math.Min(size, _space.Capacity);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var item = new QueuedRequest(request, points, size, _clock.GetTimestamp(), Acknowledging(log, [logged.Sequence]));
            if (!_queue!.Writer.TryWrite(item))
            {
                // Stopped before all of it was queued again: the rest stays on disk for the next start.
                _space.Release(size);
                return;
            }
        }
    }

    private async Task ConsumeAsync()
    {
        var reader = _queue!.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                // Checked before taking a request, so an aborted stop leaves every untaken one to be dropped.
                while (!_abort.IsCancellationRequested && reader.TryRead(out var item))
                {
                    _space!.Release(item.Size);
                    item.Receipt.AddPart(lastPart: true);
                    item.Receipt.PartDone(await SendAsync(item.Batches, item.Points, _abort.Token).ConfigureAwait(false));
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Aborted stop: what is left in the queue is dropped by the stop.
        }
        catch (Exception exception)
        {
            // Only a bug gets here (sends never throw); the other consumers go on, and a stop drops what is left.
            _logger.LogError(exception, "A consumer of exporter {Exporter}'s sending queue stopped unexpectedly.", Name);
        }
    }

    /// <summary>
    /// The batch stage: gathers requests until <c>min_size</c> or until <c>flush_timeout</c> has passed
    /// since the oldest was queued, cuts at <c>max_size</c>, and hands each batch to one of
    /// <c>num_consumers</c> sends without waiting for it.
    /// </summary>
    private async Task BatchAsync()
    {
        var settings = _options.Queue.Batch!;
        var sizer = _options.Queue.BatchSizer;
        var reader = _queue!.Reader;
        var pending = new PendingBatch();
        QueuedRequest? current = null;
        var currentSliced = 0;
        try
        {
            while (true)
            {
                if (pending.IsEmpty)
                {
                    if (!await reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                else
                {
                    var remaining = settings.FlushTimeout - _clock.GetElapsedTime(pending.Oldest);
                    if (remaining <= TimeSpan.Zero || !await WaitToReadAsync(reader, remaining).ConfigureAwait(false))
                    {
                        await FlushAsync(pending).ConfigureAwait(false);
                        continue;
                    }
                }
                while (!_abort.IsCancellationRequested && reader.TryRead(out var item))
                {
                    _space!.Release(item.Size);
                    current = item;
                    currentSliced = 0;
                    var parts = Gather(item, sizer, settings);
                    for (var i = 0; i < parts.Count; i++)
                    {
                        var (batches, points, size) = parts[i];
                        if (settings.MaxSize > 0 && !pending.IsEmpty && pending.Size + size > settings.MaxSize)
                        {
                            await FlushAsync(pending).ConfigureAwait(false);
                        }
                        item.Receipt.AddPart(lastPart: i == parts.Count - 1);
                        pending.Add(batches, points, size, item.Receipt, item.EnqueuedAt);
                        currentSliced += points;
                        if (pending.Size >= settings.MinSize || (settings.MaxSize > 0 && pending.Size >= settings.MaxSize))
                        {
                            await FlushAsync(pending).ConfigureAwait(false);
                        }
                    }
                    current = null;
                }
                _abort.Token.ThrowIfCancellationRequested();
            }
            if (!pending.IsEmpty)
            {
                await FlushAsync(pending).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Give(pending.Take(), ExportOutcome.Unfinished, "the exporter stopped before the batch was sent");
            if (current is not null)
            {
                // Part of the request never reached a batch: it cannot be delivered whole.
                current.Receipt.Abandon();
                Fail(current.Points - currentSliced, "the exporter stopped before the request was batched", null);
            }
        }
        catch (Exception exception)
        {
            // Only a bug gets here; what it held cannot be sent, and a stop drops what is left.
            _logger.LogError(exception, "The batch stage of exporter {Exporter} stopped unexpectedly.", Name);
            Give(pending.Take(), ExportOutcome.Rejected, "the batch stage failed");
            current?.Receipt.Abandon();
        }
    }

    /// <summary>The request cut into parts of at most <c>max_size</c>, each with its points and size in the batch's sizer units.</summary>
    private static List<(IReadOnlyList<MetricBatch> Batches, int Points, long Size)> Gather(QueuedRequest item, QueueSizer sizer, QueueBatchOptions settings)
    {
        var parts = new List<(IReadOnlyList<MetricBatch>, int, long)>(1);
        if (sizer == QueueSizer.Bytes)
        {
            var size = OtlpRequestSize.Of(item.Batches);
            if (settings.MaxSize <= 0 || size <= settings.MaxSize)
            {
                parts.Add((item.Batches, item.Points, size));
                return parts;
            }
            foreach (var part in RequestShaper.SplitBySize(item.Batches, settings.MaxSize, OtlpRequestSize.Of))
            {
                parts.Add((part, OtlpRequestEncoder.CountPoints(part), OtlpRequestSize.Of(part)));
            }
            return parts;
        }
        if (settings.MaxSize <= 0 || item.Points <= settings.MaxSize)
        {
            parts.Add((item.Batches, item.Points, item.Points));
            return parts;
        }
        var max = (int)Math.Min(settings.MaxSize, int.MaxValue);
        for (var taken = 0; taken < item.Points; taken += max)
        {
            var take = Math.Min(max, item.Points - taken);
            parts.Add((MetricBatchSlicer.SliceRequest(item.Batches, taken, take), take, take));
        }
        return parts;
    }

    /// <summary>False once the time is up or the queue completed and is empty.</summary>
    private async Task<bool> WaitToReadAsync(ChannelReader<QueuedRequest> reader, TimeSpan remaining)
    {
        using var timer = new CancellationTokenSource(remaining, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, _abort.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Hands the gathered batch to a free consumer; waits while all <c>num_consumers</c> are busy.</summary>
    private async Task FlushAsync(PendingBatch pending)
    {
        var chunk = pending.Take();
        try
        {
            await _workers!.WaitAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Give(chunk, ExportOutcome.Unfinished, "the exporter stopped before the batch was sent");
            throw;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight.TryAdd(done.Task, 0);
        _ = Task.Run(async () =>
        {
            try
            {
                var outcome = await SendAsync(chunk.Batches, chunk.Points, _abort.Token).ConfigureAwait(false);
                foreach (var receipt in chunk.Receipts)
                {
                    receipt.PartDone(outcome);
                }
            }
            finally
            {
                _workers.Release();
                _inFlight.TryRemove(done.Task, out _);
                done.SetResult();
            }
        });
    }

    /// <summary>Settles a batch that will not be sent, counting its points as failed.</summary>
    private void Give(Chunk chunk, ExportOutcome outcome, string why)
    {
        if (chunk.Points == 0)
        {
            return;
        }
        foreach (var receipt in chunk.Receipts)
        {
            receipt.PartDone(outcome);
        }
        Fail(chunk.Points, why, null);
    }

    /// <summary>Sends a request until every part was delivered, it failed for good, or retrying ran out. Never throws.</summary>
    private async Task<ExportOutcome> SendAsync(IReadOnlyList<MetricBatch> request, int points, CancellationToken cancellationToken)
    {
        List<Part> parts;
        try
        {
            parts = Shape(request);
        }
        catch (Exception exception)
        {
            Fail(points, "it could not be shaped for the backend", exception);
            return ExportOutcome.Rejected;
        }
        var retry = _options.Retry;
        var started = _clock.GetTimestamp();
        var interval = retry.InitialInterval;
        var delivered = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                for (; delivered < parts.Count; delivered++)
                {
                    await AttemptAsync(parts[delivered].Batches, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _sentPoints, parts[delivered].Points);
                    ExporterTelemetry.RecordSent(Name, parts[delivered].Points);
                }
                return ExportOutcome.Sent;
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested)
            {
                Fail(Undelivered(parts, delivered), "the exporter stopped (or the caller gave up) during the send", exception);
                return ExportOutcome.Unfinished;
            }
            catch (ExportFailedException exception) when (exception.IsRetryable)
            {
                if (!retry.Enabled)
                {
                    Fail(Undelivered(parts, delivered), "retry_on_failure is disabled", exception);
                    return ExportOutcome.Unfinished;
                }
                var delay = Jitter(interval, retry.RandomizationFactor);
                if (exception.RetryAfter is { } retryAfter && retryAfter > delay)
                {
                    // A backend may name any date; no wait is longer than any setting may be.
                    delay = retryAfter < ExporterHelperOptions.MaxDuration ? retryAfter : ExporterHelperOptions.MaxDuration;
                }
                var elapsed = _clock.GetElapsedTime(started);
                if (retry.MaxElapsedTime > TimeSpan.Zero && elapsed + delay > retry.MaxElapsedTime)
                {
                    Fail(Undelivered(parts, delivered), $"gave up after {attempt} attempts in {elapsed.TotalSeconds:0.###} s", exception);
                    return ExportOutcome.Unfinished;
                }
                _logger.LogInformation(
                    "Exporter {Exporter} could not send {Points} points (attempt {Attempt}), retrying in {Delay}: {Reason}",
                    Name, Undelivered(parts, delivered), attempt, delay, exception.Message);
                try
                {
                    await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Fail(Undelivered(parts, delivered), "the exporter stopped (or the caller gave up) while waiting to retry", exception);
                    return ExportOutcome.Unfinished;
                }
                interval = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * retry.Multiplier, retry.MaxInterval.Ticks));
            }
            catch (Exception exception)
            {
                Fail(Undelivered(parts, delivered), exception is ExportFailedException ? "not retryable" : "unexpected error", exception);
                return ExportOutcome.Rejected;
            }
        }
    }

    /// <summary>One attempt at one part, limited by <c>timeout</c>: running out of time is a retryable failure.</summary>
    private async Task AttemptAsync(IReadOnlyList<MetricBatch> part, CancellationToken cancellationToken)
    {
        var timeout = _options.Timeout;
        if (timeout <= TimeSpan.Zero)
        {
            await _transport.ExportAsync(part, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var timer = new CancellationTokenSource(timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _transport.ExportAsync(part, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && exception is not ExportFailedException)
        {
            throw new ExportFailedException($"{Name}: no answer within the timeout of {ExporterHelperOptions.FormatDuration(timeout)}.", isRetryable: true, innerException: exception);
        }
    }

    /// <summary>The request shaped and split to fit the backend's limits, in the order the parts are sent.</summary>
    private List<Part> Shape(IReadOnlyList<MetricBatch> request)
    {
        var shaped = RequestShaper.Shape(request, _limits, out var droppedAttributes);
        if (droppedAttributes > 0)
        {
            ExporterTelemetry.RecordDroppedAttributes(Name, droppedAttributes);
        }
        var points = OtlpRequestEncoder.CountPoints(shaped);
        var maxPoints = _limits.MaxPointsPerRequest;
        var maxBytes = _limits.MaxRequestBytes;
        var parts = new List<Part>(1);
        if (maxPoints <= 0 || points <= maxPoints)
        {
            AddWithinBytes(shaped, points, maxBytes, parts);
            return parts;
        }
        for (var taken = 0; taken < points; taken += maxPoints)
        {
            var take = Math.Min(maxPoints, points - taken);
            AddWithinBytes(MetricBatchSlicer.SliceRequest(shaped, taken, take), take, maxBytes, parts);
        }
        return parts;
    }

    private static void AddWithinBytes(IReadOnlyList<MetricBatch> batches, int points, long maxBytes, List<Part> parts)
    {
        if (maxBytes <= 0 || OtlpRequestSize.Of(batches) <= maxBytes)
        {
            parts.Add(new Part(batches, points));
            return;
        }
        foreach (var part in RequestShaper.SplitBySize(batches, maxBytes, OtlpRequestSize.Of))
        {
            parts.Add(new Part(part, OtlpRequestEncoder.CountPoints(part)));
        }
    }

    private static int Undelivered(List<Part> parts, int delivered)
    {
        var points = 0;
        for (var i = delivered; i < parts.Count; i++)
        {
            points += parts[i].Points;
        }
        return points;
    }

    private static TimeSpan Jitter(TimeSpan interval, double factor)
    {
        var spread = factor * (Random.Shared.NextDouble() * 2 - 1);
        return TimeSpan.FromTicks((long)(interval.Ticks * (1 + spread)));
    }

    private void Fail(long points, string why, Exception? exception)
    {
        if (points <= 0)
        {
            return;
        }
        Interlocked.Add(ref _sendFailedPoints, points);
        ExporterTelemetry.RecordSendFailed(Name, points);
        _logger.LogError(exception, "Exporter {Exporter} dropped {Points} points ({Why}): {Reason}", Name, points, why, exception?.Message ?? why);
    }

    private void RefuseEnqueue(long points)
    {
        Interlocked.Add(ref _enqueueFailedPoints, points);
        ExporterTelemetry.RecordEnqueueFailed(Name, points);
    }

    /// <summary>Counts what an aborted stop leaves in the queue as failed; a persistent queue keeps it on disk.</summary>
    private void DropQueued()
    {
        if (_queue is null)
        {
            return;
        }
        long points = 0;
        while (_queue.Reader.TryRead(out var item))
        {
            points += item.Points;
            _space!.Release(item.Size);
            item.Receipt.Abandon();
        }
        Fail(points, IsPersistent ? "the exporter stopped before they could be sent; they stay on disk for the next start" : "the exporter stopped before they could be sent", null);
    }

    private InvalidOperationException Stopped(Exception? inner = null) =>
        new($"Exporter '{Name}' has been stopped and takes no more requests.", inner);

    private sealed record QueuedRequest(IReadOnlyList<MetricBatch> Batches, int Points, long Size, long EnqueuedAt, ExportReceipt Receipt);

    private readonly record struct Part(IReadOnlyList<MetricBatch> Batches, int Points);

    private readonly record struct Chunk(List<MetricBatch> Batches, int Points, List<ExportReceipt> Receipts);

    /// <summary>What the batch stage has gathered and not yet sent.</summary>
    private sealed class PendingBatch
    {
        private List<MetricBatch> _batches = [];
        private List<ExportReceipt> _receipts = [];
        private int _points;

        public bool IsEmpty => _points == 0;

        /// <summary>In the batch sizer's units.</summary>
        public long Size { get; private set; }

        /// <summary>When the oldest request in the batch was queued (a <see cref="TimeProvider"/> timestamp).</summary>
        public long Oldest { get; private set; }

        public void Add(IReadOnlyList<MetricBatch> batches, int points, long size, ExportReceipt receipt, long enqueuedAt)
        {
            if (IsEmpty)
            {
                Oldest = enqueuedAt;
            }
            _batches.AddRange(batches);
            _receipts.Add(receipt);
            _points += points;
            Size += size;
        }

        public Chunk Take()
        {
            var chunk = new Chunk(_batches, _points, _receipts);
            _batches = [];
            _receipts = [];
            _points = 0;
            Size = 0;
            return chunk;
        }
    }
}
