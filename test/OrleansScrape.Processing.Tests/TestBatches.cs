using System.Runtime.CompilerServices;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests;

/// <summary>Builders of one-metric batches for processor tests.</summary>
internal static class TestBatches
{
    public const long Second = 1_000_000_000;
    public static readonly Attribute[] Resource = [new("service.name", "job"), new("service.instance.id", "host:9100")];

    public static MetricBatch Sum(string name, long time, double value, DataPointFlags flags = DataPointFlags.None, long start = 0,
        bool monotonic = true, AggregationTemporality temporality = AggregationTemporality.Cumulative, params Attribute[] attributes)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "", MetricType.Sum, temporality, monotonic, scope);
        builder.AddPoint(start, time, value, flags, attributes);
        return builder.Build();
    }

    public static MetricBatch Gauge(string name, long time, double value)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, time, value, DataPointFlags.None, []);
        return builder.Build();
    }

    public static MetricBatch Histogram(string name, long time, ulong count, double sum, double[] bounds, ulong[] buckets,
        DataPointFlags flags = DataPointFlags.None, long start = 0, AggregationTemporality temporality = AggregationTemporality.Cumulative)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "s", MetricType.Histogram, temporality, false, scope);
        builder.AddHistogramPoint(start, time, count, sum, true, flags, bounds, buckets, [new Attribute("le_test", "x")]);
        return builder.Build();
    }

    public static MetricBatch Summary(string name, long time, ulong count, double sum, DataPointFlags flags = DataPointFlags.None, long start = 0)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
        builder.AddSummaryPoint(start, time, count, sum, flags, [new QuantileValue(0.5, 1.5), new QuantileValue(0.9, 3)], []);
        return builder.Build();
    }

    /// <summary>A batch of one metric with many points, each with unsorted attributes, for allocation tests.</summary>
    public static MetricBatch ManySeries(string name, MetricType type, int points, long time, double value)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "", type, AggregationTemporality.Cumulative, true, scope);
        for (var i = 0; i < points; i++)
        {
            Attribute[] attributes = [new("z", "1"), new("series", i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            if (type == MetricType.Histogram)
            {
                builder.AddHistogramPoint(0, time, (ulong)value, value, true, DataPointFlags.None, [1.0, 2.0], [(ulong)value, 0, 0], attributes);
            }
            else
            {
                builder.AddPoint(0, time, value, DataPointFlags.None, attributes);
            }
        }
        return builder.Build();
    }

    /// <summary>Bytes of the arrays of a batch: what building it necessarily allocates.</summary>
    public static long ArrayBytes(MetricBatch batch) =>
        (long)batch.Points.Length * Unsafe.SizeOf<NumberPoint>()
        + (long)batch.HistogramPoints.Length * Unsafe.SizeOf<HistogramPoint>()
        + (long)batch.SummaryPoints.Length * Unsafe.SizeOf<SummaryPoint>()
        + (long)batch.PointAttributes.Length * Unsafe.SizeOf<Attribute>()
        + (long)batch.HistogramBounds.Length * sizeof(double)
        + (long)batch.BucketCounts.Length * sizeof(ulong)
        + (long)batch.Quantiles.Length * Unsafe.SizeOf<QuantileValue>()
        + (long)batch.Metrics.Length * Unsafe.SizeOf<MetricDescriptor>();

    /// <summary>Bytes allocated by <paramref name="process"/> beyond the arrays of the batch it returns.</summary>
    public static long AllocatedBeyondOutput(Func<MetricBatch> process)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var output = process();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return allocated - ArrayBytes(output);
    }
}
