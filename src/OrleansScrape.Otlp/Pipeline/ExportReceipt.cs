namespace OrleansScrape.Otlp.Pipeline;

/// <summary>
/// Tracks one queued request (in an exporter's sending queue) or batch (in a pipeline's batch
/// processor) through the parts it was sliced into: it completes once the last part has been
/// handled, with true only if every part was sent.
/// </summary>
internal sealed class ExportReceipt
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private int _outstanding;
    private bool _allSliced;
    private bool _failed;
    private bool _unfinished;
    // Runs once, synchronously, as the receipt completes: the persistent queue's acknowledgement must
    // not trail behind a stopping sender.
    private readonly Action<ExportReceipt>? _completed;

    public ExportReceipt(Action<ExportReceipt>? completed = null)
    {
        _completed = completed;
    }

    public Task<bool> Task => _done.Task;

    /// <summary>Some part was neither sent nor refused for good: a persistent queue keeps the batch to send again.</summary>
    public bool Unfinished => _unfinished;

    public void AddPart(bool lastPart)
    {
        lock (_lock)
        {
            _outstanding++;
            _allSliced |= lastPart;
        }
    }

    public void PartDone(ExportOutcome outcome)
    {
        lock (_lock)
        {
            _outstanding--;
            _failed |= outcome != ExportOutcome.Sent;
            _unfinished |= outcome == ExportOutcome.Unfinished;
            if (_allSliced && _outstanding == 0)
            {
                Complete(!_failed);
            }
        }
    }

    /// <summary>The sender or pipeline stopped before the batch left its queue.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _unfinished = true;
            Complete(false);
        }
    }

    /// <summary>
    /// The batch never entered the queue (the caller got an error instead): nothing is owed for it,
    /// so a persistent queue forgets it rather than sending it later behind the caller's back.
    /// </summary>
    public void Discard()
    {
        lock (_lock)
        {
            Complete(false);
        }
    }

    private void Complete(bool sent)
    {
        if (_done.TrySetResult(sent))
        {
            _completed?.Invoke(this);
        }
    }
}
