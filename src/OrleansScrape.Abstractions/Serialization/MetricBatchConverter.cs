using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>
/// Lets Orleans serialize <see cref="MetricBatch"/>, which lives in a library that knows nothing
/// of Orleans. Layout of the surrogate's arrays:
/// ResourceAttributes and PointAttributes: key, value string indices in pairs;
/// Scopes: name, version pairs; MetricStrings: name, description, unit triples;
/// MetricKinds: type, temporality, monotonic triples; MetricRanges: scope, point start, point count triples;
/// Times: start, time pairs; PointRanges: attribute start, attribute count pairs.
/// </summary>
[RegisterConverter]
public sealed class MetricBatchConverter : IConverter<MetricBatch, MetricBatchSurrogate>
{
    public MetricBatch ConvertFromSurrogate(in MetricBatchSurrogate surrogate)
    {
        var s = surrogate.Strings;
        var resource = ReadAttributes(s, surrogate.ResourceAttributes);

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
            points[i] = new NumberPoint(
                surrogate.Times[2 * i],
                surrogate.Times[2 * i + 1],
                surrogate.Values[i],
                (DataPointFlags)surrogate.Flags[i],
                surrogate.PointRanges[2 * i],
                surrogate.PointRanges[2 * i + 1]);
        }

        return new MetricBatch(resource, scopes, metrics, points, ReadAttributes(s, surrogate.PointAttributes));
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
        var ranges = new int[count * 2];
        for (var i = 0; i < count; i++)
        {
            ref readonly var point = ref value.Points[i];
            times[2 * i] = point.StartTimeUnixNano;
            times[2 * i + 1] = point.TimeUnixNano;
            values[i] = point.Value;
            flags[i] = (uint)point.Flags;
            ranges[2 * i] = point.AttributeStart;
            ranges[2 * i + 1] = point.AttributeCount;
        }

        return new MetricBatchSurrogate
        {
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
