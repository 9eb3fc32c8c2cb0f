namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>A timer of <see cref="ManualTimeProvider"/>: remembers its schedule, runs its callback on <see cref="Fire"/>.</summary>
public sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) : ITimer
{
    public TimeSpan DueTime { get; private set; } = dueTime;
    public TimeSpan Period { get; private set; } = period;
    public bool Disposed { get; private set; }

    public void Fire()
    {
        if (!Disposed)
        {
            callback(state);
        }
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
        return !Disposed;
    }

    public void Dispose() => Disposed = true;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
