using System.Buffers;
using System.Runtime.InteropServices;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Matching;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.MetricStartTime;

/// <summary>
/// Sets the start time of cumulative points, as the Collector's <c>metric_start_time</c>
/// processor does, for cumulative sums, cumulative (exponential) histograms and summaries (gauges
/// and delta metrics pass unchanged):
/// <list type="bullet">
/// <item><c>true_reset_point</c>: a series' first point starts at its own timestamp and later points
/// start there too; after a reset a point starts 1 ms before its timestamp, and so do the next ones.</item>
/// <item><c>subtract_initial_point</c>: points with a start time pass unchanged; the first point of a
/// series is dropped and kept as reference; later points carry value − reference and start at the
/// reference's timestamp; a reset point is emitted as is, starting 1 ms before its timestamp, and
/// the reference becomes zero.</item>
/// <item><c>start_time_metric</c>: a series starts at the value (seconds) of
/// <c>process_start_time_seconds</c> (or the metric matching the configured regex) in its first
/// scrape, or at the processor's start when the batch has none; after a reset, 1 ms before the
/// reset point's timestamp.</item>
/// </list>
/// A reset is a sum that decreased; a histogram whose count or sum decreased, whose bounds or
/// bucket count changed or one of whose buckets decreased; an exponential histogram whose count or
/// sum decreased or whose scale or zero threshold changed; a summary whose count or sum decreased. Points flagged NoRecordedValue get the series' start time without touching state.
/// Series not seen between two sweeps (every <c>gc_interval</c>) are forgotten.
/// </summary>
public sealed class MetricStartTimeProcessor : IStatefulProcessor
{
    private const long Millisecond = 1_000_000;
    private const string DefaultStartTimeMetric = "process_start_time_seconds";

    private readonly MetricStartTimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly long _fallbackStartUnixNano;
    private readonly MetricNameMatcher? _startTimeMetric;
    private readonly Dictionary<UInt128, StartTimeState> _states = new();
    private readonly SeriesHasher _hasher = new();
    private readonly MetricBatchBuilder _builder = new([]);
    private ulong[] _scratch = new ulong[16];
    private long _lastGcTicks;

    public MetricStartTimeProcessor(MetricStartTimeOptions options, TimeProvider? clock = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _options = options;
        _clock = clock ?? TimeProvider.System;
        // Whole seconds, as upstream's fallback start time.
        _fallbackStartUnixNano = _clock.GetUtcNow().ToUnixTimeSeconds() * 1_000_000_000;
        _lastGcTicks = _clock.GetTimestamp();
        if (options.StartTimeMetricRegex is { } regex)
        {
            _startTimeMetric = MetricNameMatcher.Create(MetricMatchType.Regexp, [regex]);
        }
    }

    public string Name => "metric_start_time";

    public int TrackedSeries => _states.Count;

    private const uint StateTag = 0x5354_4D31; // "1MTS": format 1 of this processor's state

    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(StateTag);
            writer.Write(_states.Count);
            foreach (var (key, state) in _states)
            {
                StateImage.WriteKey(writer, key);
                writer.Write(state.StartTimeUnixNano);
                writer.Write(state.HasPrevious);
                writer.Write(state.PreviousValue);
                writer.Write(state.PreviousCount);
                writer.Write(state.BoundsHash);
                StateImage.WriteBuckets(writer, state.PreviousBuckets, state.BucketCount);
                writer.Write(state.ReferenceValue);
                writer.Write(state.ReferenceCount);
                StateImage.WriteBuckets(writer, state.ReferenceBuckets, state.BucketCount);
            }
        }
        return stream.ToArray();
    }

    public void RestoreState(ReadOnlySpan<byte> image)
    {
        using var reader = new BinaryReader(new MemoryStream(image.ToArray()));
        StateImage.Expect(reader, StateTag, Name);
        foreach (var state in _states.Values)
        {
            var previous = state.PreviousBuckets;
            var reference = state.ReferenceBuckets;
            Release(ref previous);
            Release(ref reference);
        }
        _states.Clear();
        var now = _clock.GetTimestamp();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = StateImage.ReadKey(reader);
            var state = new StartTimeState
            {
                StartTimeUnixNano = reader.ReadInt64(),
                HasPrevious = reader.ReadBoolean(),
                PreviousValue = reader.ReadDouble(),
                PreviousCount = reader.ReadUInt64(),
                BoundsHash = reader.ReadUInt64(),
                LastSeenTicks = now,
            };
            state.PreviousBuckets = StateImage.ReadBuckets(reader, out state.BucketCount);
            state.ReferenceValue = reader.ReadDouble();
            state.ReferenceCount = reader.ReadUInt64();
            state.ReferenceBuckets = StateImage.ReadBuckets(reader, out var referenceCount);
            if (state.PreviousBuckets is null)
            {
                state.BucketCount = referenceCount;
            }
            _states[key] = state;
        }
    }

    public MetricBatch Process(MetricBatch batch)
    {
        var now = _clock.GetTimestamp();
        CollectGarbage(now);

        var resourceHash = SeriesHasher.OfResource(batch.ResourceAttributes);
        var batchStart = _options.Strategy == StartTimeStrategy.StartTimeMetric ? FindStartTime(batch) : 0;
        var builder = _builder;
        builder.SetResourceAttributes(batch.ResourceAttributes);
        var scopeMap = new int[batch.Scopes.Length];
        for (var i = 0; i < batch.Scopes.Length; i++)
        {
            scopeMap[i] = builder.AddScope(batch.Scopes[i]);
        }

        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            var scope = scopeMap[metric.ScopeIndex];
            var adjust = metric.Type switch
            {
                MetricType.Sum or MetricType.Histogram or MetricType.ExponentialHistogram => metric.Temporality == AggregationTemporality.Cumulative,
                MetricType.Summary => true,
                _ => false,
            };
            if (!adjust)
            {
                builder.CopyMetric(batch, metric, scope);
                continue;
            }
            builder.BeginMetric(metric, scope);
            switch (metric.Type)
            {
                case MetricType.Sum:
                    AdjustSum(batch, metric, resourceHash, batchStart, now);
                    break;
                case MetricType.Histogram:
                    AdjustHistogram(batch, metric, resourceHash, batchStart, now);
                    break;
                case MetricType.ExponentialHistogram:
                    AdjustExponentialHistogram(batch, metric, resourceHash, batchStart, now);
                    break;
                default:
                    AdjustSummary(batch, metric, resourceHash, batchStart, now);
                    break;
            }
        }
        return builder.Build();
    }

    private void AdjustSum(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long batchStart, long now)
    {
        var builder = _builder;
        var strategy = _options.Strategy;
        foreach (ref readonly var point in batch.PointsOf(metric))
        {
            var attributes = batch.AttributesOf(point);
            if (strategy == StartTimeStrategy.SubtractInitialPoint && point.StartTimeUnixNano != 0)
            {
                builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, attributes);
                builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                continue;
            }
            var noValue = (point.Flags & DataPointFlags.NoRecordedValue) != 0;
            if (TryGetState(batch, metric, attributes, resourceHash, noValue, now, out var seen) is not { } key)
            {
                builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, attributes);
                builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                continue;
            }
            ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_states, key);
            var value = point.Value;
            if (!seen)
            {
                state.StartTimeUnixNano = FirstStart(point.TimeUnixNano, batchStart);
                state.PreviousValue = value;
                if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    state.ReferenceValue = value;
                    continue;
                }
            }
            else if (!noValue)
            {
                var reset = value < state.PreviousValue;
                state.PreviousValue = value;
                if (reset)
                {
                    state.StartTimeUnixNano = point.TimeUnixNano - Millisecond;
                    state.ReferenceValue = 0;
                }
                else if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    value -= state.ReferenceValue;
                }
            }
            builder.AddPoint(state.StartTimeUnixNano, point.TimeUnixNano, value, point.Flags, attributes);
            builder.CopyExemplars(batch, batch.ExemplarsOf(point));
        }
    }

    private void AdjustHistogram(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long batchStart, long now)
    {
        var builder = _builder;
        var strategy = _options.Strategy;
        foreach (ref readonly var point in batch.HistogramPointsOf(metric))
        {
            var attributes = batch.AttributesOf(point);
            var bounds = batch.BoundsOf(point);
            var buckets = batch.BucketCountsOf(point);
            var noValue = (point.Flags & DataPointFlags.NoRecordedValue) != 0;
            if ((strategy == StartTimeStrategy.SubtractInitialPoint && point.StartTimeUnixNano != 0)
                || TryGetState(batch, metric, attributes, resourceHash, noValue, now, out var seen) is not { } key)
            {
                builder.AddHistogramPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.HasSum, point.Flags, bounds, buckets, attributes);
                builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                continue;
            }
            ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_states, key);
            var boundsHash = SeriesHasher.OfBounds(bounds);
            var count = point.Count;
            var sum = point.Sum;
            var emitted = buckets;
            if (!seen)
            {
                state.StartTimeUnixNano = FirstStart(point.TimeUnixNano, batchStart);
                RememberPrevious(ref state, point, buckets, boundsHash);
                if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    state.ReferenceCount = point.Count;
                    state.ReferenceValue = point.Sum;
                    Store(ref state.ReferenceBuckets, buckets);
                    continue;
                }
            }
            else if (!noValue)
            {
                var reset = point.Count < state.PreviousCount
                    || (point.HasSum && point.Sum < state.PreviousValue)
                    || boundsHash != state.BoundsHash
                    || buckets.Length != state.BucketCount;
                for (var i = 0; !reset && i < buckets.Length; i++)
                {
                    reset = buckets[i] < state.PreviousBuckets![i];
                }
                RememberPrevious(ref state, point, buckets, boundsHash);
                if (reset)
                {
                    state.StartTimeUnixNano = point.TimeUnixNano - Millisecond;
                    state.ReferenceCount = 0;
                    state.ReferenceValue = 0;
                    Release(ref state.ReferenceBuckets);
                }
                else if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    count -= state.ReferenceCount;
                    sum -= state.ReferenceValue;
                    if (state.ReferenceBuckets is { } reference)
                    {
                        if (_scratch.Length < buckets.Length)
                        {
                            _scratch = new ulong[Math.Max(buckets.Length, _scratch.Length * 2)];
                        }
                        var scratch = _scratch.AsSpan(0, buckets.Length);
                        for (var i = 0; i < buckets.Length; i++)
                        {
                            scratch[i] = buckets[i] - reference[i];
                        }
                        emitted = scratch;
                    }
                }
            }
            builder.AddHistogramPoint(state.StartTimeUnixNano, point.TimeUnixNano, count, sum, point.HasSum, point.Flags, bounds, emitted, attributes);
            builder.CopyExemplars(batch, batch.ExemplarsOf(point));
        }
    }

    private void AdjustExponentialHistogram(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long batchStart, long now)
    {
        var builder = _builder;
        var strategy = _options.Strategy;
        foreach (ref readonly var point in batch.ExponentialHistogramPointsOf(metric))
        {
            var attributes = batch.AttributesOf(point);
            var noValue = (point.Flags & DataPointFlags.NoRecordedValue) != 0;
            if ((strategy == StartTimeStrategy.SubtractInitialPoint && point.StartTimeUnixNano != 0)
                || TryGetState(batch, metric, attributes, resourceHash, noValue, now, out var seen) is not { } key)
            {
                builder.AddExponentialHistogramPoint(batch, point, attributes);
                builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                continue;
            }
            ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_states, key);
            var layout = ExponentialReference.LayoutOf(point);
            var positive = batch.PositiveBucketCountsOf(point);
            var negative = batch.NegativeBucketCountsOf(point);
            var (count, sum, zeroCount) = (point.Count, point.Sum, point.ZeroCount);
            if (!seen)
            {
                state.StartTimeUnixNano = FirstStart(point.TimeUnixNano, batchStart);
                RememberPrevious(ref state, point, layout);
                if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    state.ReferenceCount = point.Count;
                    state.ReferenceValue = point.Sum;
                    state.ReferenceBuckets = ExponentialReference.Pack(batch, point, out state.BucketCount);
                    continue;
                }
            }
            else if (!noValue)
            {
                var reset = point.Count < state.PreviousCount
                    || (point.HasSum && point.Sum < state.PreviousValue)
                    || layout != state.BoundsHash;
                RememberPrevious(ref state, point, layout);
                if (reset)
                {
                    state.StartTimeUnixNano = point.TimeUnixNano - Millisecond;
                    state.ReferenceCount = 0;
                    state.ReferenceValue = 0;
                    Release(ref state.ReferenceBuckets);
                    state.BucketCount = 0;
                }
                else if (strategy == StartTimeStrategy.SubtractInitialPoint && state.ReferenceBuckets is { } reference)
                {
                    count -= state.ReferenceCount;
                    sum -= state.ReferenceValue;
                    zeroCount -= Math.Min(zeroCount, ExponentialReference.ZeroCountOf(reference));
                    var size = positive.Length + negative.Length;
                    if (_scratch.Length < size)
                    {
                        _scratch = new ulong[Math.Max(size, _scratch.Length * 2)];
                    }
                    var scratch = _scratch.AsSpan(0, size);
                    ExponentialReference.Subtract(reference, state.BucketCount, positive, point.PositiveOffset, negative, point.NegativeOffset,
                        scratch[..positive.Length], scratch[positive.Length..]);
                    positive = scratch[..positive.Length];
                    negative = scratch[positive.Length..];
                }
            }
            builder.AddExponentialHistogramPoint(state.StartTimeUnixNano, point.TimeUnixNano, count, sum, point.HasSum,
                point.Min, point.HasMin, point.Max, point.HasMax, point.Scale, zeroCount, point.ZeroThreshold,
                point.PositiveOffset, positive, point.NegativeOffset, negative, point.Flags, attributes);
            builder.CopyExemplars(batch, batch.ExemplarsOf(point));
        }
    }

    // Exponential series keep count, sum and layout for reset detection; their buckets are not compared.
    private static void RememberPrevious(ref StartTimeState state, in ExponentialHistogramPoint point, ulong layout)
    {
        state.PreviousCount = point.Count;
        if (point.HasSum)
        {
            state.PreviousValue = point.Sum;
        }
        state.BoundsHash = layout;
    }

    private void AdjustSummary(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long batchStart, long now)
    {
        var builder = _builder;
        var strategy = _options.Strategy;
        foreach (ref readonly var point in batch.SummaryPointsOf(metric))
        {
            var attributes = batch.AttributesOf(point);
            var quantiles = batch.QuantilesOf(point);
            var noValue = (point.Flags & DataPointFlags.NoRecordedValue) != 0;
            if ((strategy == StartTimeStrategy.SubtractInitialPoint && point.StartTimeUnixNano != 0)
                || TryGetState(batch, metric, attributes, resourceHash, noValue, now, out var seen) is not { } key)
            {
                builder.AddSummaryPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.Flags, quantiles, attributes);
                continue;
            }
            ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_states, key);
            var count = point.Count;
            var sum = point.Sum;
            if (!seen)
            {
                state.StartTimeUnixNano = FirstStart(point.TimeUnixNano, batchStart);
                state.PreviousCount = count;
                state.PreviousValue = sum;
                if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    state.ReferenceCount = count;
                    state.ReferenceValue = sum;
                    continue;
                }
            }
            else if (!noValue)
            {
                var reset = count < state.PreviousCount || sum < state.PreviousValue;
                state.PreviousCount = count;
                state.PreviousValue = sum;
                if (reset)
                {
                    state.StartTimeUnixNano = point.TimeUnixNano - Millisecond;
                    state.ReferenceCount = 0;
                    state.ReferenceValue = 0;
                }
                else if (strategy == StartTimeStrategy.SubtractInitialPoint)
                {
                    count -= state.ReferenceCount;
                    sum -= state.ReferenceValue;
                }
            }
            builder.AddSummaryPoint(state.StartTimeUnixNano, point.TimeUnixNano, count, sum, point.Flags, quantiles, attributes);
        }
    }

    // The key of the point's series with its state marked seen now, or null for a NoRecordedValue
    // point of a series without state: such a point passes unchanged and creates no state.
    private UInt128? TryGetState(MetricBatch batch, in MetricDescriptor metric, ReadOnlySpan<Attribute> attributes, ulong resourceHash, bool noValue, long now, out bool seen)
    {
        // The start time is not part of the identity: it is what this processor sets.
        var key = _hasher.Of(batch, metric, attributes, resourceHash, 0);
        if (noValue && !_states.ContainsKey(key))
        {
            seen = false;
            return null;
        }
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_states, key, out seen);
        state.LastSeenTicks = now;
        return key;
    }

    private long FirstStart(long timeUnixNano, long batchStart) =>
        _options.Strategy == StartTimeStrategy.StartTimeMetric ? batchStart : timeUnixNano;

    private static void RememberPrevious(ref StartTimeState state, in HistogramPoint point, ReadOnlySpan<ulong> buckets, ulong boundsHash)
    {
        state.PreviousCount = point.Count;
        if (point.HasSum)
        {
            state.PreviousValue = point.Sum;
        }
        state.BoundsHash = boundsHash;
        state.BucketCount = buckets.Length;
        Store(ref state.PreviousBuckets, buckets);
    }

    private static void Store(ref ulong[]? array, ReadOnlySpan<ulong> values)
    {
        if (array is null || array.Length < values.Length)
        {
            Release(ref array);
            array = ArrayPool<ulong>.Shared.Rent(Math.Max(values.Length, 1));
        }
        values.CopyTo(array);
    }

    private static void Release(ref ulong[]? array)
    {
        if (array is not null)
        {
            ArrayPool<ulong>.Shared.Return(array);
            array = null;
        }
    }

    // The start time metric's value (seconds) as Unix nanoseconds, or the processor's start when
    // the batch has no such metric with a point.
    private long FindStartTime(MetricBatch batch)
    {
        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            var matches = _startTimeMetric?.Matches(metric.Name) ?? metric.Name == DefaultStartTimeMetric;
            if (!matches)
            {
                continue;
            }
            if (metric.Type is not (MetricType.Gauge or MetricType.Sum) || metric.PointCount == 0)
            {
                break;
            }
            var seconds = batch.Points[metric.PointStart].Value;
            if (double.IsNaN(seconds) || double.IsInfinity(seconds))
            {
                break;
            }
            var whole = (long)seconds;
            return whole * 1_000_000_000 + (long)((seconds - whole) * 1e9);
        }
        return _fallbackStartUnixNano;
    }

    private void CollectGarbage(long now)
    {
        if (_clock.GetElapsedTime(_lastGcTicks, now) < _options.GcInterval)
        {
            return;
        }
        var previousSweep = _lastGcTicks;
        _lastGcTicks = now;
        foreach (var (key, state) in _states)
        {
            if (state.LastSeenTicks < previousSweep)
            {
                var previous = state.PreviousBuckets;
                var reference = state.ReferenceBuckets;
                Release(ref previous);
                Release(ref reference);
                _states.Remove(key);
            }
        }
    }
}
