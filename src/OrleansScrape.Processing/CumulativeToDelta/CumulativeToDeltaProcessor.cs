using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>
/// Turns cumulative monotonic sums into deltas, as the Collector's <c>cumulativetodelta</c>
/// processor does: the delta of a point is its value minus the previous one and starts at the
/// previous point's time; a decrease is a reset (the point is dropped and becomes the new
/// baseline); points flagged NoRecordedValue are dropped without touching state; NaN passes
/// through without touching state. Every other metric passes unchanged.
/// </summary>
public sealed class CumulativeToDeltaProcessor : IMetricsProcessor
{
    private readonly CumulativeToDeltaOptions _options;
    private readonly TimeProvider _clock;
    private readonly long _startUnixNano;
    private readonly Dictionary<UInt128, DeltaState> _states = new();
    private readonly System.IO.Hashing.XxHash128 _hash = new();
    private readonly MetricBatchBuilder _builder = new([]);
    private long _lastSweepTicks;

    public CumulativeToDeltaProcessor(CumulativeToDeltaOptions options, TimeProvider? clock = null)
    {
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _startUnixNano = ToUnixNano(_clock.GetUtcNow());
        _lastSweepTicks = _clock.GetTimestamp();
    }

    public string Name => "cumulativetodelta";

    public int TrackedSeries => _states.Count;

    public MetricBatch Process(MetricBatch batch)
    {
        var now = _clock.GetTimestamp();
        SweepStale(now);

        var resourceHash = SeriesIdentity.OfResource(batch.ResourceAttributes);
        // One builder per processor: its lists keep their capacity from batch to batch.
        var builder = _builder;
        builder.SetResourceAttributes(batch.ResourceAttributes);
        var scopeMap = new int[batch.Scopes.Length];
        for (var i = 0; i < batch.Scopes.Length; i++)
        {
            scopeMap[i] = builder.AddScope(batch.Scopes[i]);
        }

        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            var convert = metric is { Type: MetricType.Sum, IsMonotonic: true, Temporality: AggregationTemporality.Cumulative };
            if (!convert)
            {
                builder.CopyMetric(batch, metric, scopeMap[metric.ScopeIndex]);
                continue;
            }

            builder.BeginMetric(metric.Name, metric.Description, metric.Unit, MetricType.Sum, AggregationTemporality.Delta, true, scopeMap[metric.ScopeIndex]);
            foreach (ref readonly var point in batch.PointsOf(metric))
            {
                if ((point.Flags & DataPointFlags.NoRecordedValue) != 0)
                {
                    continue;
                }
                var key = SeriesIdentity.Of(_hash, batch, metric, point, resourceHash);
                ref var state = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_states, key, out var seen);
                if (double.IsNaN(point.Value))
                {
                    if (!seen)
                    {
                        _states.Remove(key);
                    }
                    else
                    {
                        state.LastSeenTicks = now;
                    }
                    builder.AddPoint(seen ? state.TimeUnixNano : point.StartTimeUnixNano, point.TimeUnixNano, double.NaN, point.Flags, batch.AttributesOf(point));
                    builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                    continue;
                }

                if (!seen)
                {
                    state = new DeltaState { Value = point.Value, TimeUnixNano = point.TimeUnixNano, LastSeenTicks = now };
                    if (EmitsFirstPoint(point))
                    {
                        builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, batch.AttributesOf(point));
                        builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                    }
                    continue;
                }

                var previous = state;
                state = new DeltaState { Value = point.Value, TimeUnixNano = point.TimeUnixNano, LastSeenTicks = now };
                if (point.Value < previous.Value)
                {
                    // A reset: the new value is the baseline of the restarted counter.
                    continue;
                }
                builder.AddPoint(previous.TimeUnixNano, point.TimeUnixNano, point.Value - previous.Value, point.Flags, batch.AttributesOf(point));
                builder.CopyExemplars(batch, batch.ExemplarsOf(point));
            }
        }
        return builder.Build();
    }

    private bool EmitsFirstPoint(in NumberPoint point) => _options.InitialValue switch
    {
        InitialValueMode.Keep => true,
        InitialValueMode.Drop => false,
        // A start time after our own start proves the series began while we watched: its whole value is new.
        _ => point.StartTimeUnixNano != 0
            && point.StartTimeUnixNano >= _startUnixNano
            && point.StartTimeUnixNano != point.TimeUnixNano,
    };

    private void SweepStale(long now)
    {
        if (_options.MaxStaleness <= TimeSpan.Zero)
        {
            return;
        }
        var sinceSweep = _clock.GetElapsedTime(_lastSweepTicks, now);
        // Sweeping costs a pass over all state, so do it at most ten times per staleness window.
        if (sinceSweep < _options.MaxStaleness / 10)
        {
            return;
        }
        _lastSweepTicks = now;
        foreach (var (key, state) in _states)
        {
            if (_clock.GetElapsedTime(state.LastSeenTicks, now) >= _options.MaxStaleness)
            {
                _states.Remove(key);
            }
        }
    }

    private static long ToUnixNano(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
