namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// The room left in a sending queue, in its sizer's units. A request reserves its size before it is
/// queued and gives it back when a consumer takes it. Waiters are served in order, so a large request
/// is not overtaken forever by small ones. Thread-safe.
/// </summary>
internal sealed class QueueSpace
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _used;
    private bool _closed;

    public QueueSpace(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public long Capacity { get; }

    public long Used
    {
        get
        {
            lock (_lock)
            {
                return _used;
            }
        }
    }

    /// <summary>Reserves at once, or says why not.</summary>
    public Reservation TryReserve(long size)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return Reservation.Closed;
            }
            if (size > Capacity)
            {
                return Reservation.TooLarge;
            }
            // Behind waiters a request waits its turn, even when it would fit.
            if (_waiters.Count > 0 || _used + size > Capacity)
            {
                return Reservation.Full;
            }
            _used += size;
            return Reservation.Granted;
        }
    }

    /// <summary>Waits for room: <see cref="Reservation.Granted"/>, or <see cref="Reservation.Closed"/> when the queue closed first.</summary>
    /// <exception cref="OperationCanceledException">The token fired first; nothing is reserved.</exception>
    public Task<Reservation> ReserveAsync(long size, CancellationToken cancellationToken)
    {
        var immediate = TryReserve(size);
        if (immediate != Reservation.Full)
        {
            return Task.FromResult(immediate);
        }
        var waiter = new Waiter(size);
        lock (_lock)
        {
            if (_closed)
            {
                return Task.FromResult(Reservation.Closed);
            }
            if (_waiters.Count == 0 && _used + size <= Capacity)
            {
                _used += size;
                return Task.FromResult(Reservation.Granted);
            }
            waiter.Node = _waiters.AddLast(waiter);
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static state =>
            {
                var (space, w, token) = ((QueueSpace, Waiter, CancellationToken))state!;
                space.Cancel(w, token);
            }, (this, waiter, cancellationToken));
        }
        return waiter.Done.Task;
    }

    /// <summary>Gives back what a taken request reserved, and lets waiters in.</summary>
    public void Release(long size)
    {
        List<Waiter>? granted;
        lock (_lock)
        {
            _used -= size;
            granted = GrantLocked();
        }
        Complete(granted, Reservation.Granted);
    }

    /// <summary>Refuses every waiter and every later reservation.</summary>
    public void Close()
    {
        List<Waiter> refused;
        lock (_lock)
        {
            _closed = true;
            refused = [.. _waiters];
            _waiters.Clear();
        }
        Complete(refused, Reservation.Closed);
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        List<Waiter>? granted = null;
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }
            _waiters.Remove(waiter.Node);
            // The waiter at the head may have kept smaller ones behind it out.
            granted = GrantLocked();
        }
        // The registration fired: there is nothing left to unregister.
        waiter.Done.TrySetCanceled(token);
        Complete(granted, Reservation.Granted);
    }

    private List<Waiter>? GrantLocked()
    {
        List<Waiter>? granted = null;
        while (_waiters.First is { } first && _used + first.Value.Size <= Capacity)
        {
            _used += first.Value.Size;
            _waiters.RemoveFirst();
            (granted ??= []).Add(first.Value);
        }
        return granted;
    }

    private static void Complete(List<Waiter>? waiters, Reservation result)
    {
        if (waiters is null)
        {
            return;
        }
        foreach (var waiter in waiters)
        {
            waiter.Registration.Dispose();
            waiter.Done.TrySetResult(result);
        }
    }

    private sealed class Waiter(long size)
    {
        public long Size { get; } = size;
        public TaskCompletionSource<Reservation> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
    }
}

internal enum Reservation
{
    Granted,
    /// <summary>No room now.</summary>
    Full,
    /// <summary>Larger than the whole queue: it never fits.</summary>
    TooLarge,
    /// <summary>The queue no longer takes requests.</summary>
    Closed,
}
