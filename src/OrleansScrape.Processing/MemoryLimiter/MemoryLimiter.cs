namespace OrleansScrape.Processing.MemoryLimiter;

/// <summary>
/// Decides whether the process is too short of memory to take more data, checking the managed
/// heap at most once per <see cref="MemoryLimiterOptions.CheckInterval"/>. Refusing is the
/// backpressure: scrapes and OTLP senders retry later instead of the process running out of memory.
/// Thread-safe.
/// </summary>
public sealed class MemoryLimiter
{
    private const long MiB = 1024 * 1024;
    private readonly TimeSpan _interval;
    private readonly Func<long> _usedBytes;
    private readonly TimeProvider _clock;
    private readonly long _hardLimit;
    private readonly long _softLimit;
    private readonly Lock _lock = new();
    private long _lastCheck;
    private bool _refusing;

    public MemoryLimiter(MemoryLimiterOptions options, Func<long>? usedBytes = null, long? availableBytes = null, TimeProvider? clock = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _interval = options.CheckInterval;
        _usedBytes = usedBytes ?? (() => GC.GetTotalMemory(forceFullCollection: false));
        _clock = clock ?? TimeProvider.System;
        var available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (options.LimitMiB > 0)
        {
            _hardLimit = options.LimitMiB * MiB;
            _softLimit = _hardLimit - (options.SpikeLimitMiB > 0 ? options.SpikeLimitMiB * MiB : _hardLimit / 5);
        }
        else
        {
            _hardLimit = available / 100 * options.LimitPercentage;
            var spike = options.SpikeLimitPercentage > 0 ? available / 100 * options.SpikeLimitPercentage : _hardLimit / 5;
            _softLimit = _hardLimit - spike;
        }
        _lastCheck = long.MinValue;
    }

    public long HardLimitBytes => _hardLimit;

    public long SoftLimitBytes => _softLimit;

    /// <summary>True while memory use is above the soft limit: the caller refuses the data it was handed.</summary>
    public bool ShouldRefuse
    {
        get
        {
            var now = _clock.GetTimestamp();
            lock (_lock)
            {
                if (_lastCheck != long.MinValue && _clock.GetElapsedTime(_lastCheck, now) < _interval)
                {
                    return _refusing;
                }
                _lastCheck = now;
                var used = _usedBytes();
                if (used > _hardLimit)
                {
                    // As the Collector does: above the hard limit, collect now rather than wait for the runtime to.
                    GC.Collect();
                    used = _usedBytes();
                }
                _refusing = used > _softLimit;
                return _refusing;
            }
        }
    }
}
