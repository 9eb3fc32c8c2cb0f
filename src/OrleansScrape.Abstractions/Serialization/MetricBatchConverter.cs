using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>
/// Lets Orleans serialize <see cref="MetricBatch"/>, which lives in a library that knows nothing
/// of Orleans. Layout of the surrogate's arrays (tuples flattened in order):
/// ResourceAttributes, PointAttributes: (key, value) string indices; Scopes: (name, version);
/// MetricStrings: (name, description, unit); MetricKinds: (type, temporality, monotonic);
/// MetricRanges: (scope, point start, point count); Times, HistogramTimes, SummaryTimes: (start, time);
/// PointRanges: (attribute start, count, exemplar start, count);
/// HistogramRanges: (bounds start, bounds count, counts start, attribute start, count, exemplar start, count, has sum);
/// SummaryRanges: (quantile start, count, attribute start, count); Quantiles: (quantile, value);
/// ExemplarIds: (trace id high, trace id low, span id); ExemplarRanges: (attribute start, count);
/// ExponentialTimes: (start, time); ExponentialCounts: (count, zero count); ExponentialValues: (sum, min, max, zero threshold);
/// ExponentialRanges: (scale, positive offset, count, negative offset, count, counts start, attribute start, count,
/// exemplar start, count, has sum/min/max bits). The exponential arrays are absent in batches of older silos.
/// </summary>
[RegisterConverter]
public sealed class MetricBatchConverter : IConverter<MetricBatch, MetricBatchSurrogate>
{
    private const int ExponentialRangeWidth = 11;

    public MetricBatch ConvertFromSurrogate(in MetricBatchSurrogate surrogate)
    {
        var s = surrogate.Strings;

        var scopes = new InstrumentationScope[surrogate.Scopes.Length / 2];
        for (var i = 0; i < scopes.Length; i++)
        {
            scopes[i] = new InstrumentationScope(s[surrogate.Scopes[2 * i]], s[surrogate.Scopes[2 * i + 1]]);
        }

        var metrics = new MetricDescriptor[surrogate.MetricKinds.Length / 3];
        for (var i = 0; i < metrics.Length; i++)
        {
            metrics[i] = new MetricDescriptor(
                s[surrogate.MetricStrings[3 * i]],
                s[surrogate.MetricStrings[3 * i + 1]],
                s[surrogate.MetricStrings[3 * i + 2]],
                (MetricType)surrogate.MetricKinds[3 * i],
                (AggregationTemporality)surrogate.MetricKinds[3 * i + 1],
                surrogate.MetricKinds[3 * i + 2] != 0,
                surrogate.MetricRanges[3 * i],
                surrogate.MetricRanges[3 * i + 1],
                surrogate.MetricRanges[3 * i + 2]);
        }

        var points = new NumberPoint[surrogate.Values.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var r = surrogate.PointRanges.AsSpan(4 * i, 4);
            points[i] = new NumberPoint(surrogate.Times[2 * i], surrogate.Times[2 * i + 1], surrogate.Values[i],
                (DataPointFlags)surrogate.Flags[i], r[0], r[1], r[2], r[3]);
        }

        var histograms = new HistogramPoint[surrogate.HistogramCounts.Length];
        for (var i = 0; i < histograms.Length; i++)
        {
            var r = surrogate.HistogramRanges.AsSpan(8 * i, 8);
            histograms[i] = new HistogramPoint(surrogate.HistogramTimes[2 * i], surrogate.HistogramTimes[2 * i + 1],
                surrogate.HistogramCounts[i], surrogate.HistogramSums[i], r[7] != 0, (DataPointFlags)surrogate.HistogramFlags[i],
                r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
        }

        var summaries = new SummaryPoint[surrogate.SummaryCounts.Length];
        for (var i = 0; i < summaries.Length; i++)
        {
            var r = surrogate.SummaryRanges.AsSpan(4 * i, 4);
            summaries[i] = new SummaryPoint(surrogate.SummaryTimes[2 * i], surrogate.SummaryTimes[2 * i + 1],
                surrogate.SummaryCounts[i], surrogate.SummarySums[i], (DataPointFlags)surrogate.SummaryFlags[i], r[0], r[1], r[2], r[3]);
        }

        var quantiles = new QuantileValue[surrogate.Quantiles.Length / 2];
        for (var i = 0; i < quantiles.Length; i++)
        {
            quantiles[i] = new QuantileValue(surrogate.Quantiles[2 * i], surrogate.Quantiles[2 * i + 1]);
        }

        var exemplars = new Exemplar[surrogate.ExemplarValues.Length];
        for (var i = 0; i < exemplars.Length; i++)
        {
            var ids = surrogate.ExemplarIds.AsSpan(3 * i, 3);
            exemplars[i] = new Exemplar(surrogate.ExemplarTimes[i], surrogate.ExemplarValues[i], new UInt128(ids[0], ids[1]), ids[2],
                surrogate.ExemplarRanges[2 * i], surrogate.ExemplarRanges[2 * i + 1]);
        }

        var exponentialCounts = surrogate.ExponentialCounts ?? [];
        var exponentials = new ExponentialHistogramPoint[exponentialCounts.Length / 2];
        for (var i = 0; i < exponentials.Length; i++)
        {
            var r = surrogate.ExponentialRanges.AsSpan(ExponentialRangeWidth * i, ExponentialRangeWidth);
            var v = surrogate.ExponentialValues.AsSpan(4 * i, 4);
            exponentials[i] = new ExponentialHistogramPoint(surrogate.ExponentialTimes[2 * i], surrogate.ExponentialTimes[2 * i + 1],
                exponentialCounts[2 * i], v[0], (r[10] & 1) != 0, v[1], (r[10] & 2) != 0, v[2], (r[10] & 4) != 0,
                r[0], exponentialCounts[2 * i + 1], v[3], r[1], r[2], r[3], r[4], r[5], (DataPointFlags)surrogate.ExponentialFlags[i],
                r[6], r[7], r[8], r[9]);
        }

        return new MetricBatch(ReadAttributes(s, surrogate.ResourceAttributes), scopes, metrics, points,
            ReadAttributes(s, surrogate.PointAttributes), histograms, surrogate.HistogramBounds, surrogate.BucketCounts,
            summaries, quantiles, exemplars, exponentials);
    }

    public MetricBatchSurrogate ConvertToSurrogate(in MetricBatch value)
    {
        var table = new StringTable();
        var scopes = new int[value.Scopes.Length * 2];
        for (var i = 0; i < value.Scopes.Length; i++)
        {
            scopes[2 * i] = table.Add(value.Scopes[i].Name);
            scopes[2 * i + 1] = table.Add(value.Scopes[i].Version);
        }

        var metricStrings = new int[value.Metrics.Length * 3];
        var metricKinds = new byte[value.Metrics.Length * 3];
        var metricRanges = new int[value.Metrics.Length * 3];
        for (var i = 0; i < value.Metrics.Length; i++)
        {
            ref readonly var metric = ref value.Metrics[i];
            metricStrings[3 * i] = table.Add(metric.Name);
            metricStrings[3 * i + 1] = table.Add(metric.Description);
            metricStrings[3 * i + 2] = table.Add(metric.Unit);
            metricKinds[3 * i] = (byte)metric.Type;
            metricKinds[3 * i + 1] = (byte)metric.Temporality;
            metricKinds[3 * i + 2] = metric.IsMonotonic ? (byte)1 : (byte)0;
            metricRanges[3 * i] = metric.ScopeIndex;
            metricRanges[3 * i + 1] = metric.PointStart;
            metricRanges[3 * i + 2] = metric.PointCount;
        }

        var count = value.Points.Length;
        var times = new long[count * 2];
        var values = new double[count];
        var flags = new uint[count];
        var ranges = new int[count * 4];
        for (var i = 0; i < count; i++)
        {
            ref readonly var point = ref value.Points[i];
            times[2 * i] = point.StartTimeUnixNano;
            times[2 * i + 1] = point.TimeUnixNano;
            values[i] = point.Value;
            flags[i] = (uint)point.Flags;
            ranges[4 * i] = point.AttributeStart;
            ranges[4 * i + 1] = point.AttributeCount;
            ranges[4 * i + 2] = point.ExemplarStart;
            ranges[4 * i + 3] = point.ExemplarCount;
        }

        var histograms = value.HistogramPoints;
        var histogramTimes = new long[histograms.Length * 2];
        var histogramCounts = new ulong[histograms.Length];
        var histogramSums = new double[histograms.Length];
        var histogramFlags = new uint[histograms.Length];
        var histogramRanges = new int[histograms.Length * 8];
        for (var i = 0; i < histograms.Length; i++)
        {
            ref readonly var point = ref histograms[i];
            histogramTimes[2 * i] = point.StartTimeUnixNano;
            histogramTimes[2 * i + 1] = point.TimeUnixNano;
            histogramCounts[i] = point.Count;
            histogramSums[i] = point.Sum;
            histogramFlags[i] = (uint)point.Flags;
            var r = histogramRanges.AsSpan(8 * i, 8);
            r[0] = point.BoundsStart;
            r[1] = point.BoundsCount;
            r[2] = point.CountsStart;
            r[3] = point.AttributeStart;
            r[4] = point.AttributeCount;
            r[5] = point.ExemplarStart;
            r[6] = point.ExemplarCount;
            r[7] = point.HasSum ? 1 : 0;
        }

        var summaries = value.SummaryPoints;
        var summaryTimes = new long[summaries.Length * 2];
        var summaryCounts = new ulong[summaries.Length];
        var summarySums = new double[summaries.Length];
        var summaryFlags = new uint[summaries.Length];
        var summaryRanges = new int[summaries.Length * 4];
        for (var i = 0; i < summaries.Length; i++)
        {
            ref readonly var point = ref summaries[i];
            summaryTimes[2 * i] = point.StartTimeUnixNano;
            summaryTimes[2 * i + 1] = point.TimeUnixNano;
            summaryCounts[i] = point.Count;
            summarySums[i] = point.Sum;
            summaryFlags[i] = (uint)point.Flags;
            summaryRanges[4 * i] = point.QuantileStart;
            summaryRanges[4 * i + 1] = point.QuantileCount;
            summaryRanges[4 * i + 2] = point.AttributeStart;
            summaryRanges[4 * i + 3] = point.AttributeCount;
        }

        var quantiles = new double[value.Quantiles.Length * 2];
        for (var i = 0; i < value.Quantiles.Length; i++)
        {
            quantiles[2 * i] = value.Quantiles[i].Quantile;
            quantiles[2 * i + 1] = value.Quantiles[i].Value;
        }

        var exemplars = value.Exemplars;
        var exemplarTimes = new long[exemplars.Length];
        var exemplarValues = new double[exemplars.Length];
        var exemplarIds = new ulong[exemplars.Length * 3];
        var exemplarRanges = new int[exemplars.Length * 2];
        for (var i = 0; i < exemplars.Length; i++)
        {
            ref readonly var exemplar = ref exemplars[i];
            exemplarTimes[i] = exemplar.TimeUnixNano;
            exemplarValues[i] = exemplar.Value;
            exemplarIds[3 * i] = (ulong)(exemplar.TraceId >> 64);
            exemplarIds[3 * i + 1] = (ulong)exemplar.TraceId;
            exemplarIds[3 * i + 2] = exemplar.SpanId;
            exemplarRanges[2 * i] = exemplar.AttributeStart;
            exemplarRanges[2 * i + 1] = exemplar.AttributeCount;
        }

        var exponentials = value.ExponentialHistogramPoints;
        var exponentialTimes = new long[exponentials.Length * 2];
        var exponentialCounts = new ulong[exponentials.Length * 2];
        var exponentialValues = new double[exponentials.Length * 4];
        var exponentialFlags = new uint[exponentials.Length];
        var exponentialRanges = new int[exponentials.Length * ExponentialRangeWidth];
        for (var i = 0; i < exponentials.Length; i++)
        {
            ref readonly var point = ref exponentials[i];
            exponentialTimes[2 * i] = point.StartTimeUnixNano;
            exponentialTimes[2 * i + 1] = point.TimeUnixNano;
            exponentialCounts[2 * i] = point.Count;
            exponentialCounts[2 * i + 1] = point.ZeroCount;
            exponentialValues[4 * i] = point.Sum;
            exponentialValues[4 * i + 1] = point.Min;
            exponentialValues[4 * i + 2] = point.Max;
            exponentialValues[4 * i + 3] = point.ZeroThreshold;
            exponentialFlags[i] = (uint)point.Flags;
            ReadOnlySpan<int> exponentialRange =
            [
                point.Scale, point.PositiveOffset, point.PositiveCount, point.NegativeOffset, point.NegativeCount, point.CountsStart,
                point.AttributeStart, point.AttributeCount, point.ExemplarStart, point.ExemplarCount,
                (point.HasSum ? 1 : 0) | (point.HasMin ? 2 : 0) | (point.HasMax ? 4 : 0),
            ];
            exponentialRange.CopyTo(exponentialRanges.AsSpan(ExponentialRangeWidth * i, ExponentialRangeWidth));
        }

        return new MetricBatchSurrogate
        {
            ExponentialTimes = exponentialTimes,
            ExponentialCounts = exponentialCounts,
            ExponentialValues = exponentialValues,
            ExponentialFlags = exponentialFlags,
            ExponentialRanges = exponentialRanges,
            ResourceAttributes = WriteAttributes(table, value.ResourceAttributes),
            PointAttributes = WriteAttributes(table, value.PointAttributes),
            Scopes = scopes,
            MetricStrings = metricStrings,
            MetricKinds = metricKinds,
            MetricRanges = metricRanges,
            Times = times,
            Values = values,
            Flags = flags,
            PointRanges = ranges,
            HistogramTimes = histogramTimes,
            HistogramCounts = histogramCounts,
            HistogramSums = histogramSums,
            HistogramFlags = histogramFlags,
            HistogramRanges = histogramRanges,
            HistogramBounds = value.HistogramBounds,
            BucketCounts = value.BucketCounts,
            SummaryTimes = summaryTimes,
            SummaryCounts = summaryCounts,
            SummarySums = summarySums,
            SummaryFlags = summaryFlags,
            SummaryRanges = summaryRanges,
            Quantiles = quantiles,
            ExemplarTimes = exemplarTimes,
            ExemplarValues = exemplarValues,
            ExemplarIds = exemplarIds,
            ExemplarRanges = exemplarRanges,
            Strings = table.ToArray(),
        };
    }

    private static Attribute[] ReadAttributes(string[] strings, int[] pairs)
    {
        var attributes = new Attribute[pairs.Length / 2];
        for (var i = 0; i < attributes.Length; i++)
        {
            attributes[i] = new Attribute(strings[pairs[2 * i]], strings[pairs[2 * i + 1]]);
        }
        return attributes;
    }

    private static int[] WriteAttributes(StringTable table, Attribute[] attributes)
    {
        var pairs = new int[attributes.Length * 2];
        for (var i = 0; i < attributes.Length; i++)
        {
            pairs[2 * i] = table.Add(attributes[i].Key);
            pairs[2 * i + 1] = table.Add(attributes[i].Value);
        }
        return pairs;
    }

    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _strings = new();

        public int Add(string value)
        {
            if (!_index.TryGetValue(value, out var index))
            {
                index = _strings.Count;
                _strings.Add(value);
                _index.Add(value, index);
            }
            return index;
        }

        public string[] ToArray() => _strings.ToArray();
    }
}
