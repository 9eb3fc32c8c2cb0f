namespace OrleansScrape.Otlp.Pipeline;

/// <summary>
/// Tracks one waited-for batch through the requests it was sliced into: it completes once the
/// last part's request has been handled, with true only if every part was sent.
/// </summary>
internal sealed class ExportReceipt
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private int _outstanding;
    private bool _allSliced;
    private bool _failed;

    public Task<bool> Task => _done.Task;

    public void AddPart(bool lastPart)
    {
        lock (_lock)
        {
            _outstanding++;
            _allSliced |= lastPart;
        }
    }

    public void PartDone(bool sent)
    {
        lock (_lock)
        {
            _outstanding--;
            _failed |= !sent;
            if (_allSliced && _outstanding == 0)
            {
                _done.TrySetResult(!_failed);
            }
        }
    }

    /// <summary>The pipeline stopped before the batch left the queue.</summary>
    public void Abandon() => _done.TrySetResult(false);
}
