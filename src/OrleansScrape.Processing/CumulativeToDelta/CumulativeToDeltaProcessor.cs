using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>
/// Turns cumulative monotonic sums and cumulative (exponential) histograms into deltas, as the Collector's
/// <c>cumulativetodelta</c> processor does: the delta of a point is its value minus the previous
/// one and starts at the previous point's time; a decrease is a reset, handled per
/// <see cref="ResetPolicy"/>; histogram bounds that change drop the point and re-base the state;
/// an exponential histogram whose scale falls or zero threshold widens is subtracted in its new layout;
/// points flagged NoRecordedValue are dropped without touching state; a NaN value passes through
/// without touching state. Every other metric, and every metric not selected by
/// <c>include</c>/<c>exclude</c>, passes unchanged. See README.md.
/// </summary>
public sealed class CumulativeToDeltaProcessor : IStatefulProcessor
{
    private readonly CumulativeToDeltaOptions _options;
    private readonly TimeProvider _clock;
    private readonly long _startUnixNano;
    private readonly Dictionary<UInt128, DeltaState> _numbers = new();
    private readonly Dictionary<UInt128, HistogramDeltaState> _histograms = new();
    private readonly Dictionary<UInt128, ExponentialDeltaState> _exponentials = new();
    private readonly SeriesHasher _hasher = new();
    private readonly MetricBatchBuilder _builder = new([]);
    private readonly Selector? _include;
    private readonly Selector? _exclude;
    private ulong[] _scratch = new ulong[16];
    private long _lastSweepTicks;

    public CumulativeToDeltaProcessor(CumulativeToDeltaOptions options, TimeProvider? clock = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _startUnixNano = ToUnixNano(_clock.GetUtcNow());
        _lastSweepTicks = _clock.GetTimestamp();
        _include = Selector.Create(options.Include);
        _exclude = Selector.Create(options.Exclude);
    }

    public string Name => "cumulativetodelta";

    /// <summary>Number of series (sums and histograms) this processor keeps state for.</summary>
    public int TrackedSeries => _numbers.Count + _histograms.Count + _exponentials.Count;

    /// <summary>Number of histogram series (explicit-bucket and exponential) among <see cref="TrackedSeries"/>.</summary>
    public int TrackedHistogramSeries => _histograms.Count + _exponentials.Count;

    /// <summary>
    /// An estimate of the memory the state holds: dictionary entries (key, value, hash and link)
    /// plus the bucket arrays of histograms.
    /// </summary>
    public long StateBytes
    {
        get
        {
            const int entryOverhead = 8; // hash code and next-entry index of a dictionary entry
            long bytes = (long)_numbers.Count * (Unsafe.SizeOf<UInt128>() + Unsafe.SizeOf<DeltaState>() + entryOverhead);
            bytes += (long)_histograms.Count * (Unsafe.SizeOf<UInt128>() + Unsafe.SizeOf<HistogramDeltaState>() + entryOverhead);
            foreach (var state in _histograms.Values)
            {
                bytes += state.Buckets.Length * sizeof(ulong);
            }
            bytes += (long)_exponentials.Count * (Unsafe.SizeOf<UInt128>() + Unsafe.SizeOf<ExponentialDeltaState>() + entryOverhead);
            foreach (var state in _exponentials.Values)
            {
                bytes += state.Buckets.Length * sizeof(ulong);
            }
            return bytes;
        }
    }

    private const uint StateTagWithoutExponential = 0x4454_4331; // "1CTD": format 1, before exponential histograms
    private const uint StateTag = 0x4454_4332; // "2CTD": format 2, format 1 plus exponential histogram series

    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(StateTag);
            writer.Write(_numbers.Count);
            foreach (var (key, state) in _numbers)
            {
                StateImage.WriteKey(writer, key);
                writer.Write(state.Value);
                writer.Write(state.TimeUnixNano);
            }
            writer.Write(_histograms.Count);
            foreach (var (key, state) in _histograms)
            {
                StateImage.WriteKey(writer, key);
                StateImage.WriteBuckets(writer, state.Buckets, state.BucketCount);
                writer.Write(state.BoundsHash);
                writer.Write(state.Count);
                writer.Write(state.Sum);
                writer.Write(state.TimeUnixNano);
            }
            writer.Write(_exponentials.Count);
            foreach (var (key, state) in _exponentials)
            {
                StateImage.WriteKey(writer, key);
                StateImage.WriteBuckets(writer, state.Buckets, state.PositiveCount + state.NegativeCount);
                writer.Write(state.PositiveCount);
                writer.Write(state.PositiveOffset);
                writer.Write(state.NegativeOffset);
                writer.Write(state.Scale);
                writer.Write(state.ZeroThreshold);
                writer.Write(state.ZeroCount);
                writer.Write(state.Count);
                writer.Write(state.Sum);
                writer.Write(state.TimeUnixNano);
            }
        }
        return stream.ToArray();
    }

    public void RestoreState(ReadOnlySpan<byte> image)
    {
        using var reader = new BinaryReader(new MemoryStream(image.ToArray()));
        // Images saved before exponential histograms were converted stay readable.
        var hasExponential = image.Length >= 4 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(image) == StateTag;
        StateImage.Expect(reader, hasExponential ? StateTag : StateTagWithoutExponential, Name);
        Clear();
        // Restored series count as seen now: the staleness clock of this process starts with them.
        var now = _clock.GetTimestamp();
        var numbers = reader.ReadInt32();
        for (var i = 0; i < numbers; i++)
        {
            var key = StateImage.ReadKey(reader);
            _numbers[key] = new DeltaState { Value = reader.ReadDouble(), TimeUnixNano = reader.ReadInt64(), LastSeenTicks = now };
        }
        var histograms = reader.ReadInt32();
        for (var i = 0; i < histograms; i++)
        {
            var key = StateImage.ReadKey(reader);
            var buckets = StateImage.ReadBuckets(reader, out var bucketCount) ?? System.Buffers.ArrayPool<ulong>.Shared.Rent(1);
            _histograms[key] = new HistogramDeltaState
            {
                Buckets = buckets,
                BucketCount = bucketCount,
                BoundsHash = reader.ReadUInt64(),
                Count = reader.ReadUInt64(),
                Sum = reader.ReadDouble(),
                TimeUnixNano = reader.ReadInt64(),
                LastSeenTicks = now,
            };
        }
        var exponentials = hasExponential ? reader.ReadInt32() : 0;
        for (var i = 0; i < exponentials; i++)
        {
            var key = StateImage.ReadKey(reader);
            var buckets = StateImage.ReadBuckets(reader, out var bucketCount) ?? ArrayPool<ulong>.Shared.Rent(1);
            var positiveCount = reader.ReadInt32();
            _exponentials[key] = new ExponentialDeltaState
            {
                Buckets = buckets,
                PositiveCount = positiveCount,
                NegativeCount = bucketCount - positiveCount,
                PositiveOffset = reader.ReadInt32(),
                NegativeOffset = reader.ReadInt32(),
                Scale = reader.ReadInt32(),
                ZeroThreshold = reader.ReadDouble(),
                ZeroCount = reader.ReadUInt64(),
                Count = reader.ReadUInt64(),
                Sum = reader.ReadDouble(),
                TimeUnixNano = reader.ReadInt64(),
                LastSeenTicks = now,
            };
        }
    }

    private void Clear()
    {
        foreach (var state in _histograms.Values)
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(state.Buckets);
        }
        _histograms.Clear();
        foreach (var state in _exponentials.Values)
        {
            ArrayPool<ulong>.Shared.Return(state.Buckets);
        }
        _exponentials.Clear();
        _numbers.Clear();
    }

    public MetricBatch Process(MetricBatch batch)
    {
        var now = _clock.GetTimestamp();
        SweepStale(now);

        var resourceHash = SeriesHasher.OfResource(batch.ResourceAttributes);
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
            var scope = scopeMap[metric.ScopeIndex];
            if (!ShouldConvert(metric))
            {
                builder.CopyMetric(batch, metric, scope);
                continue;
            }
            builder.BeginMetric(metric.Name, metric.Description, metric.Unit, metric.Type, AggregationTemporality.Delta, metric.IsMonotonic, scope);
            switch (metric.Type)
            {
                case MetricType.Sum:
                    ConvertSum(batch, metric, resourceHash, now);
                    break;
                case MetricType.Histogram:
                    ConvertHistogram(batch, metric, resourceHash, now);
                    break;
                default:
                    ConvertExponentialHistogram(batch, metric, resourceHash, now);
                    break;
            }
        }
        return builder.Build();
    }

    private bool ShouldConvert(in MetricDescriptor metric)
    {
        var eligible = metric.Temporality == AggregationTemporality.Cumulative
            && (metric.Type is MetricType.Histogram or MetricType.ExponentialHistogram || metric is { Type: MetricType.Sum, IsMonotonic: true });
        return eligible
            && (_include is null || _include.Selects(metric, whenEmpty: true))
            && (_exclude is null || !_exclude.Selects(metric, whenEmpty: false));
    }

    private void ConvertSum(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long now)
    {
        var builder = _builder;
        foreach (ref readonly var point in batch.PointsOf(metric))
        {
            if ((point.Flags & DataPointFlags.NoRecordedValue) != 0)
            {
                continue;
            }
            var key = _hasher.Of(batch, metric, batch.AttributesOf(point), resourceHash, point.StartTimeUnixNano);
            ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_numbers, key, out var seen);
            if (double.IsNaN(point.Value))
            {
                if (!seen)
                {
                    _numbers.Remove(key);
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
                if (EmitsFirstPoint(point.StartTimeUnixNano, point.TimeUnixNano))
                {
                    builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, batch.AttributesOf(point));
                    builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                }
                continue;
            }

            var previous = state;
            state = new DeltaState { Value = point.Value, TimeUnixNano = point.TimeUnixNano, LastSeenTicks = now };
            double delta;
            if (point.Value < previous.Value)
            {
                if (_options.Reset == ResetPolicy.Drop)
                {
                    // The new value is only the baseline of the restarted counter.
                    continue;
                }
                // The counter restarted from zero: all of its value is new since then.
                delta = point.Value;
            }
            else
            {
                delta = point.Value - previous.Value;
            }
            builder.AddPoint(previous.TimeUnixNano, point.TimeUnixNano, delta, point.Flags, batch.AttributesOf(point));
            builder.CopyExemplars(batch, batch.ExemplarsOf(point));
        }
    }

    private void ConvertHistogram(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long now)
    {
        var builder = _builder;
        foreach (ref readonly var point in batch.HistogramPointsOf(metric))
        {
            if ((point.Flags & DataPointFlags.NoRecordedValue) != 0)
            {
                continue;
            }
            var bounds = batch.BoundsOf(point);
            var buckets = batch.BucketCountsOf(point);
            var boundsHash = SeriesHasher.OfBounds(bounds);
            var key = _hasher.Of(batch, metric, batch.AttributesOf(point), resourceHash, point.StartTimeUnixNano);
            ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_histograms, key, out var seen);

            if (!seen)
            {
                Rebase(ref state, point, buckets, boundsHash, now, keepSumOnNaN: false);
                if (EmitsFirstPoint(point.StartTimeUnixNano, point.TimeUnixNano))
                {
                    builder.AddHistogramPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.HasSum, point.Flags, bounds, buckets, batch.AttributesOf(point));
                    builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                }
                continue;
            }

            if (state.BoundsHash != boundsHash || state.BucketCount != buckets.Length)
            {
                // Different buckets cannot be subtracted: this point becomes the new baseline.
                Rebase(ref state, point, buckets, boundsHash, now, keepSumOnNaN: false);
                continue;
            }

            var previousCounts = state.Buckets.AsSpan(0, state.BucketCount);
            var reset = point.Count < state.Count;
            for (var i = 0; !reset && i < buckets.Length; i++)
            {
                reset = buckets[i] < previousCounts[i];
            }
            var previousTime = state.TimeUnixNano;
            if (reset && _options.Reset == ResetPolicy.Drop)
            {
                Rebase(ref state, point, buckets, boundsHash, now, keepSumOnNaN: true);
                continue;
            }

            ulong count;
            double sum;
            // After a reset the histogram restarted from empty: everything it holds is new since then.
            var deltaBuckets = buckets;
            if (reset)
            {
                count = point.Count;
                sum = point.Sum;
            }
            else
            {
                if (_scratch.Length < buckets.Length)
                {
                    _scratch = new ulong[Math.Max(buckets.Length, _scratch.Length * 2)];
                }
                var scratch = _scratch.AsSpan(0, buckets.Length);
                for (var i = 0; i < buckets.Length; i++)
                {
                    scratch[i] = buckets[i] - previousCounts[i];
                }
                count = point.Count - state.Count;
                sum = double.IsNaN(point.Sum) ? double.NaN : point.Sum - state.Sum;
                deltaBuckets = scratch;
            }
            Rebase(ref state, point, buckets, boundsHash, now, keepSumOnNaN: true);
            builder.AddHistogramPoint(previousTime, point.TimeUnixNano, count, sum, point.HasSum, point.Flags, bounds, deltaBuckets, batch.AttributesOf(point));
            builder.CopyExemplars(batch, batch.ExemplarsOf(point));
        }
    }

    // Makes the point the state of its series, reusing the series' bucket array when it is big enough.
    private static void Rebase(ref HistogramDeltaState state, in HistogramPoint point, ReadOnlySpan<ulong> buckets, ulong boundsHash, long now, bool keepSumOnNaN)
    {
        if (state.Buckets is null || state.Buckets.Length < buckets.Length)
        {
            if (state.Buckets is not null)
            {
                ArrayPool<ulong>.Shared.Return(state.Buckets);
            }
            state.Buckets = ArrayPool<ulong>.Shared.Rent(buckets.Length);
        }
        buckets.CopyTo(state.Buckets);
        state.BucketCount = buckets.Length;
        state.BoundsHash = boundsHash;
        state.Count = point.Count;
        if (!(keepSumOnNaN && double.IsNaN(point.Sum)))
        {
            state.Sum = point.Sum;
        }
        state.TimeUnixNano = point.TimeUnixNano;
        state.LastSeenTicks = now;
    }

    private void ConvertExponentialHistogram(MetricBatch batch, in MetricDescriptor metric, ulong resourceHash, long now)
    {
        var builder = _builder;
        foreach (ref readonly var point in batch.ExponentialHistogramPointsOf(metric))
        {
            if ((point.Flags & DataPointFlags.NoRecordedValue) != 0)
            {
                continue;
            }
            var positive = batch.PositiveBucketCountsOf(point);
            var negative = batch.NegativeBucketCountsOf(point);
            var key = _hasher.Of(batch, metric, batch.AttributesOf(point), resourceHash, point.StartTimeUnixNano);
            ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_exponentials, key, out var seen);

            if (!seen)
            {
                Rebase(ref state, point, positive, negative, now, keepSumOnNaN: false);
                if (EmitsFirstPoint(point.StartTimeUnixNano, point.TimeUnixNano))
                {
                    builder.AddExponentialHistogramPoint(batch, point, batch.AttributesOf(point));
                    builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                }
                continue;
            }

            // As upstream: a cumulative histogram only gains values, widens its zero threshold and lowers its scale.
            var reset = point.Count < state.Count || point.ZeroThreshold < state.ZeroThreshold || point.Scale > state.Scale;
            var deltaPositive = positive;
            var deltaNegative = negative;
            var zeroCount = point.ZeroCount;
            if (!reset)
            {
                var size = positive.Length + negative.Length;
                if (_scratch.Length < size)
                {
                    _scratch = new ulong[Math.Max(size, _scratch.Length * 2)];
                }
                var scratch = _scratch.AsSpan(0, size);
                scratch.Clear();
                var alignedPositive = scratch[..positive.Length];
                var alignedNegative = scratch[positive.Length..];
                var scaleDrop = state.Scale - point.Scale;
                var zeroCeiling = point.ZeroThreshold > state.ZeroThreshold
                    ? ExponentialBucketAlignment.ZeroBucketCeiling(point.ZeroThreshold, state.Scale)
                    : long.MinValue;
                var outside = false;
                var previousZeros = state.ZeroCount
                    + ExponentialBucketAlignment.AddInto(state.Positive, state.PositiveOffset, scaleDrop, zeroCeiling, point.PositiveOffset, alignedPositive, ref outside)
                    + ExponentialBucketAlignment.AddInto(state.Negative, state.NegativeOffset, scaleDrop, zeroCeiling, point.NegativeOffset, alignedNegative, ref outside);
                reset = outside
                    || point.ZeroCount < previousZeros
                    || !SubtractInPlace(positive, alignedPositive)
                    || !SubtractInPlace(negative, alignedNegative);
                if (!reset)
                {
                    zeroCount = point.ZeroCount - previousZeros;
                    deltaPositive = alignedPositive;
                    deltaNegative = alignedNegative;
                }
            }

            var previousTime = state.TimeUnixNano;
            var previousCount = state.Count;
            var previousSum = state.Sum;
            Rebase(ref state, point, positive, negative, now, keepSumOnNaN: true);
            if (reset && _options.Reset == ResetPolicy.Drop)
            {
                continue;
            }
            // After a reset the histogram restarted from empty: everything it holds is new since then.
            var count = reset ? point.Count : point.Count - previousCount;
            var sum = reset || double.IsNaN(point.Sum) ? point.Sum : point.Sum - previousSum;
            // Min and max describe the whole cumulative interval, not the delta's: they are left out.
            builder.AddExponentialHistogramPoint(previousTime, point.TimeUnixNano, count, sum, point.HasSum, 0, false, 0, false,
                point.Scale, zeroCount, point.ZeroThreshold, point.PositiveOffset, deltaPositive, point.NegativeOffset, deltaNegative,
                point.Flags, batch.AttributesOf(point));
            builder.CopyExemplars(batch, batch.ExemplarsOf(point));
        }
    }

    // Turns the aligned earlier counts into the delta of each bucket; false when a bucket decreased.
    private static bool SubtractInPlace(ReadOnlySpan<ulong> current, Span<ulong> previous)
    {
        for (var i = 0; i < current.Length; i++)
        {
            if (current[i] < previous[i])
            {
                return false;
            }
            previous[i] = current[i] - previous[i];
        }
        return true;
    }

    // Makes the point the state of its series, reusing the series' bucket array when it is big enough.
    private static void Rebase(ref ExponentialDeltaState state, in ExponentialHistogramPoint point, ReadOnlySpan<ulong> positive,
        ReadOnlySpan<ulong> negative, long now, bool keepSumOnNaN)
    {
        var size = positive.Length + negative.Length;
        if (state.Buckets is null || state.Buckets.Length < size)
        {
            if (state.Buckets is not null)
            {
                ArrayPool<ulong>.Shared.Return(state.Buckets);
            }
            state.Buckets = ArrayPool<ulong>.Shared.Rent(Math.Max(size, 1));
        }
        positive.CopyTo(state.Buckets);
        negative.CopyTo(state.Buckets.AsSpan(positive.Length));
        state.PositiveCount = positive.Length;
        state.NegativeCount = negative.Length;
        state.PositiveOffset = point.PositiveOffset;
        state.NegativeOffset = point.NegativeOffset;
        state.Scale = point.Scale;
        state.ZeroThreshold = point.ZeroThreshold;
        state.ZeroCount = point.ZeroCount;
        state.Count = point.Count;
        if (!(keepSumOnNaN && double.IsNaN(point.Sum)))
        {
            state.Sum = point.Sum;
        }
        state.TimeUnixNano = point.TimeUnixNano;
        state.LastSeenTicks = now;
    }

    private bool EmitsFirstPoint(long startTimeUnixNano, long timeUnixNano) => _options.InitialValue switch
    {
        InitialValueMode.Keep => true,
        InitialValueMode.Drop => false,
        // A start time after our own start proves the series began while we watched: its whole value is new.
        _ => startTimeUnixNano != 0
            && startTimeUnixNano >= _startUnixNano
            && startTimeUnixNano != timeUnixNano,
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
        foreach (var (key, state) in _numbers)
        {
            if (_clock.GetElapsedTime(state.LastSeenTicks, now) >= _options.MaxStaleness)
            {
                _numbers.Remove(key);
            }
        }
        foreach (var (key, state) in _histograms)
        {
            if (_clock.GetElapsedTime(state.LastSeenTicks, now) >= _options.MaxStaleness)
            {
                ArrayPool<ulong>.Shared.Return(state.Buckets);
                _histograms.Remove(key);
            }
        }
        foreach (var (key, state) in _exponentials)
        {
            if (_clock.GetElapsedTime(state.LastSeenTicks, now) >= _options.MaxStaleness)
            {
                ArrayPool<ulong>.Shared.Return(state.Buckets);
                _exponentials.Remove(key);
            }
        }
    }

    private static long ToUnixNano(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>A compiled <see cref="DeltaMetricSelection"/>.</summary>
    private sealed class Selector
    {
        private readonly MetricNameMatcher? _names;
        private readonly bool _sums;
        private readonly bool _histograms;
        private readonly bool _exponentialHistograms;
        private readonly bool _anyType;

        private Selector(DeltaMetricSelection selection)
        {
            if (selection.Metrics.Count > 0)
            {
                _names = MetricNameMatcher.Create(selection.MatchType ?? MetricMatchType.Strict, selection.Metrics);
            }
            _sums = selection.MetricTypes.Contains(DeltaMetricType.Sum);
            _histograms = selection.MetricTypes.Contains(DeltaMetricType.Histogram);
            _exponentialHistograms = selection.MetricTypes.Contains(DeltaMetricType.ExponentialHistogram);
            _anyType = selection.MetricTypes.Count == 0;
        }

        public static Selector? Create(DeltaMetricSelection? selection) =>
            selection is null || (selection.Metrics.Count == 0 && selection.MetricTypes.Count == 0) ? null : new Selector(selection);

        // As upstream: names and types are separate conditions; an empty one is "any" for include
        // and "none" for exclude (whenEmpty), so exclude { metric_types: [histogram] } excludes all histograms.
        public bool Selects(in MetricDescriptor metric, bool whenEmpty)
        {
            if (whenEmpty)
            {
                var nameOk = _names is null || _names.Matches(metric.Name);
                var typeOk = _anyType || OfType(metric.Type);
                return nameOk && typeOk;
            }
            var nameHit = _names is not null && _names.Matches(metric.Name);
            var typeHit = !_anyType && OfType(metric.Type);
            return nameHit || typeHit;
        }

        private bool OfType(MetricType type) => type switch
        {
            MetricType.Sum => _sums,
            MetricType.Histogram => _histograms,
            _ => _exponentialHistograms,
        };
    }
}
