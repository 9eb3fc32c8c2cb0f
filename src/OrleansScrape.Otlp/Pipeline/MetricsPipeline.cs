using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Pipeline;

/// <summary>
/// One configured metrics pipeline on one silo, after its processors: the <c>batch</c> processor
/// (when the pipeline has one) and the fan-out to the <see cref="ExporterSender"/>s of its exporters.
/// Queueing, retries and fitting requests to a backend are each sender's own, so an exporter that is
/// down (retrying) holds back no other: the pipeline never waits for a send, only for a sender to
/// accept a request, which takes long only when that sender's queue is full and blocks
/// (<c>block_on_overflow</c>) or when it has no queue (<c>sending_queue.enabled: false</c>: it sends in
/// the caller's await, as the Collector does). The senders are given to every pipeline that names
/// them and are started and stopped by their owner, not by the pipeline.
/// </summary>
public sealed class MetricsPipeline : IAsyncDisposable, IBatchDelivery
{
    private static readonly Task<bool> NotDelivered = Task.FromResult(false);

    private readonly ExporterSender[] _senders;
    private readonly BatchProcessorOptions? _batching;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    // With batching: batches waiting for the batch loop. Bounded by the processor count, as the
    // Collector's batch processor bounds its input, so a blocked fan-out holds callers back.
    private readonly Channel<PendingBatch>? _input;
    // Cancelled only when a stop may no longer wait for blocked senders.
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _lifecycleLock = new();
    private Task? _loop;
    private bool _stopped;

    /// <param name="name">The pipeline's id (<c>metrics</c>, <c>metrics/dynatrace</c>), for logs.</param>
    /// <param name="senders">The senders of the pipeline's exporters, in configuration order; at least one.</param>
    /// <param name="batching">The pipeline's <c>batch</c> processor; null hands each batch straight to the senders.</param>
    /// <param name="logger">Where refused requests are logged.</param>
    /// <param name="clock">Times the batch processor's <c>timeout</c>; the system clock when null.</param>
    public MetricsPipeline(string name, IEnumerable<ExporterSender> senders, BatchProcessorOptions? batching = null, ILogger? logger = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(senders);
        _senders = senders.ToArray();
        if (_senders.Length == 0 || Array.Exists(_senders, sender => sender is null))
        {
            throw new ArgumentException($"Pipeline '{name}' needs at least one exporter, and no null ones.", nameof(senders));
        }
        if (batching is not null && batching.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"Pipeline '{name}' has a misconfigured batch processor: {string.Join("; ", problems)}", nameof(batching));
        }
        Name = name;
        _batching = batching;
        _logger = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        if (batching is not null)
        {
            _input = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(Math.Max(1, Environment.ProcessorCount))
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            });
        }
    }

    public string Name { get; }

    public IReadOnlyList<ExporterSender> Senders => _senders;

    /// <summary>The batch processor's settings; null when batches go to the senders as they come.</summary>
    public BatchProcessorOptions? Batching => _batching;

    /// <summary>
    /// Hands a batch to the pipeline and returns, once it is accepted, the task of its delivery: true when
    /// every exporter of the pipeline delivered every part of it (a persistent sender counts "on disk" as
    /// delivered unless it waits for the result), false when any gave up or refused it (a full queue that
    /// does not block, a stopped sender). The task never faults. Without batching the batch is handed to
    /// every sender at once; with batching it is gathered with others first.
    /// </summary>
    /// <param name="cancellationToken">
    /// Stops waiting for the pipeline or a blocking sender to take the batch; whoever had not taken it
    /// then counts as not delivered (the task is false), nothing is thrown.
    /// </param>
    /// <exception cref="InvalidOperationException">The pipeline has been stopped.</exception>
    public ValueTask<Task<bool>> EnqueueForDeliveryAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.PointCount == 0)
        {
            return ValueTask.FromResult(Task.FromResult(true));
        }
        if (_input is null)
        {
            return Volatile.Read(ref _stopped)
                ? ValueTask.FromException<Task<bool>>(Stopped())
                : FanOutAsync([batch], cancellationToken);
        }
        var pending = new PendingBatch(batch, new ExportReceipt(), _clock.GetTimestamp());
        return _input.Writer.TryWrite(pending)
            ? ValueTask.FromResult(pending.Receipt.Task)
            : WriteWhenRoomAsync(pending, cancellationToken);
    }

    private async ValueTask<Task<bool>> WriteWhenRoomAsync(PendingBatch pending, CancellationToken cancellationToken)
    {
        try
        {
            await _input!.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
            return pending.Receipt.Task;
        }
        catch (ChannelClosedException exception)
        {
            pending.Receipt.Discard();
            throw Stopped(exception);
        }
        catch (OperationCanceledException)
        {
            pending.Receipt.Discard();
            return NotDelivered;
        }
    }

    /// <summary>Starts the batch loop; does nothing without batching or when called again.</summary>
    /// <exception cref="InvalidOperationException">The pipeline has been stopped.</exception>
    public void Start()
    {
        lock (_lifecycleLock)
        {
            if (_stopped)
            {
                throw new InvalidOperationException($"Pipeline '{Name}' has been stopped and cannot start again.");
            }
            if (_input is not null)
            {
                _loop ??= Task.Run(RunAsync);
            }
        }
    }

    /// <summary>
    /// Refuses new batches and hands what the batch processor holds to the senders at once, without
    /// waiting for its timeout. When <paramref name="cancellationToken"/> fires while a blocking sender
    /// holds the hand-over up, the rest is not delivered (its tasks are false). The senders keep running:
    /// stop them after every pipeline that uses them.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_lifecycleLock)
        {
            _stopped = true;
            if (_input is null)
            {
                return;
            }
            _input.Writer.TryComplete();
            // A pipeline never started still owes its batches a hand-over.
            loop = _loop ??= Task.Run(RunAsync);
        }
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            await loop.ConfigureAwait(false);
        }
        while (_input.Reader.TryRead(out var left))
        {
            left.Receipt.Abandon();
        }
    }

    /// <summary>Stops without waiting for blocked senders.</summary>
    public async ValueTask DisposeAsync()
    {
        _abort.Cancel();
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The batch processor: gathers points until <c>send_batch_size</c>, or until <c>timeout</c> has
    /// passed since the oldest was handed in, cutting at <c>send_batch_max_size</c>; each request goes
    /// to every sender without waiting for its delivery.
    /// </summary>
    private async Task RunAsync()
    {
        var settings = _batching!;
        var reader = _input!.Reader;
        var max = settings.SendBatchMaxSize;
        var pending = new List<MetricBatch>();
        var receipts = new List<ExportReceipt>();
        var points = 0;
        long oldest = 0;
        PendingBatch? current = null;
        try
        {
            while (true)
            {
                if (points == 0)
                {
                    if (!await reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                else
                {
                    var remaining = settings.Timeout - _clock.GetElapsedTime(oldest);
                    if (remaining <= TimeSpan.Zero || !await WaitToReadAsync(reader, remaining).ConfigureAwait(false))
                    {
                        await FlushAsync(pending, receipts).ConfigureAwait(false);
                        pending = [];
                        points = 0;
                        continue;
                    }
                }
                while (!_abort.IsCancellationRequested && reader.TryRead(out var item))
                {
                    current = item;
                    var count = item.Batch.PointCount;
                    for (var taken = 0; taken < count;)
                    {
                        var take = max > 0 ? Math.Min(max - points, count - taken) : count - taken;
                        if (points == 0)
                        {
                            oldest = item.HandedIn;
                        }
                        pending.Add(MetricBatchSlicer.Slice(item.Batch, taken, take));
                        points += take;
                        taken += take;
                        item.Receipt.AddPart(lastPart: taken >= count);
                        receipts.Add(item.Receipt);
                        if (max > 0 && points >= max)
                        {
                            await FlushAsync(pending, receipts).ConfigureAwait(false);
                            pending = [];
                            points = 0;
                        }
                    }
                    current = null;
                    if (points > 0 && (points >= settings.SendBatchSize || settings.Timeout == TimeSpan.Zero))
                    {
                        await FlushAsync(pending, receipts).ConfigureAwait(false);
                        pending = [];
                        points = 0;
                    }
                }
                _abort.Token.ThrowIfCancellationRequested();
            }
            if (points > 0)
            {
                await FlushAsync(pending, receipts).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            foreach (var receipt in receipts)
            {
                receipt.PartDone(ExportOutcome.Unfinished);
            }
            current?.Receipt.Abandon();
            if (points > 0)
            {
                _logger.LogError("Pipeline {Pipeline} dropped {Points} batched points: it was stopped before the exporters took them.", Name, points);
            }
        }
    }

    /// <summary>False once the time is up or the input completed and is empty.</summary>
    private async Task<bool> WaitToReadAsync(ChannelReader<PendingBatch> reader, TimeSpan remaining)
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

    /// <summary>Hands a gathered request to every sender; its receipts settle when the deliveries end, not here.</summary>
    private async Task FlushAsync(List<MetricBatch> request, List<ExportReceipt> receipts)
    {
        var settled = receipts.ToArray();
        receipts.Clear();
        var delivery = await FanOutAsync(request, _abort.Token).ConfigureAwait(false);
        if (delivery.IsCompleted)
        {
            Settle(settled, delivery.Result);
            return;
        }
        _ = delivery.ContinueWith(static (done, state) => Settle((ExportReceipt[])state!, done.Result), settled,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static void Settle(ExportReceipt[] receipts, bool delivered)
    {
        foreach (var receipt in receipts)
        {
            receipt.PartDone(delivered ? ExportOutcome.Sent : ExportOutcome.Rejected);
        }
    }

    /// <summary>
    /// Offers the request to every sender at once (so a sender without a queue, sending inline, holds
    /// back no other's hand-over) and returns, once all took it or refused it, the task that is true
    /// when every one delivered it.
    /// </summary>
    private ValueTask<Task<bool>> FanOutAsync(IReadOnlyList<MetricBatch> request, CancellationToken cancellationToken)
    {
        if (_senders.Length == 1)
        {
            return Offer(_senders[0], request, cancellationToken);
        }
        var offers = new ValueTask<Task<bool>>[_senders.Length];
        var allTaken = true;
        for (var i = 0; i < offers.Length; i++)
        {
            offers[i] = Offer(_senders[i], request, cancellationToken);
            allTaken &= offers[i].IsCompletedSuccessfully;
        }
        if (!allTaken)
        {
            return AwaitOffersAsync(offers);
        }
        var deliveries = new Task<bool>[offers.Length];
        for (var i = 0; i < offers.Length; i++)
        {
            deliveries[i] = offers[i].Result;
        }
        return ValueTask.FromResult(AllDelivered(deliveries));
    }

    private static async ValueTask<Task<bool>> AwaitOffersAsync(ValueTask<Task<bool>>[] offers)
    {
        var deliveries = new Task<bool>[offers.Length];
        for (var i = 0; i < offers.Length; i++)
        {
            // Offer never throws: a refusal is a false delivery.
            deliveries[i] = await offers[i].ConfigureAwait(false);
        }
        return AllDelivered(deliveries);
    }

    private static Task<bool> AllDelivered(Task<bool>[] deliveries)
    {
        var pending = false;
        foreach (var delivery in deliveries)
        {
            if (!delivery.IsCompleted)
            {
                pending = true;
            }
            else if (!delivery.Result)
            {
                // One exporter gave up: the batch is not delivered, whatever the others do.
                return NotDelivered;
            }
        }
        return pending ? AllDeliveredAsync(deliveries) : Task.FromResult(true);
    }

    private static async Task<bool> AllDeliveredAsync(Task<bool>[] deliveries)
    {
        var results = await Task.WhenAll(deliveries).ConfigureAwait(false);
        return Array.TrueForAll(results, delivered => delivered);
    }

    /// <summary>One sender's acceptance of the request; a refusal (full queue, stopped sender, cancellation) is a false delivery.</summary>
    private ValueTask<Task<bool>> Offer(ExporterSender sender, IReadOnlyList<MetricBatch> request, CancellationToken cancellationToken)
    {
        try
        {
            var offer = sender.EnqueueAsync(request, cancellationToken);
            return offer.IsCompletedSuccessfully ? offer : GuardAsync(sender, offer);
        }
        catch (Exception exception)
        {
            Refused(sender, exception);
            return ValueTask.FromResult(NotDelivered);
        }
    }

    private async ValueTask<Task<bool>> GuardAsync(ExporterSender sender, ValueTask<Task<bool>> offer)
    {
        try
        {
            return await offer.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Refused(sender, exception);
            return NotDelivered;
        }
    }

    private void Refused(ExporterSender sender, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            _logger.LogDebug("Pipeline {Pipeline}: stopped waiting for exporter {Exporter} to take a request.", Name, sender.Name);
            return;
        }
        _logger.LogWarning("Pipeline {Pipeline}: exporter {Exporter} did not take a request: {Reason}", Name, sender.Name, exception.Message);
    }

    private InvalidOperationException Stopped(Exception? inner = null) =>
        new($"Pipeline '{Name}' has been stopped and takes no more batches.", inner);

    /// <summary>A batch handed to the pipeline, with the receipt of its delivery and when it was handed in.</summary>
    private sealed record PendingBatch(MetricBatch Batch, ExportReceipt Receipt, long HandedIn);
}
