using BenchmarkDotNet.Attributes;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.CumulativeToDelta;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Benchmarks;

/// <summary>
/// cumulativetodelta holding the state of one million counter series (as a series grain of a very
/// heavy resource would): the state's size per series, printed at setup, and the cost of a delta
/// when the state is that large.
/// </summary>
[MemoryDiagnoser]
public class SeriesStateBenchmarks
{
    private const int Series = 1_000_000;
    private const int SeriesPerBatch = 10_000;
    private MetricBatch[] _batches = [];
    private CumulativeToDeltaProcessor _processor = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _processor = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions());
        _batches = Enumerable.Range(0, Series / SeriesPerBatch).Select(b => Batch(b, 0)).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var batch in _batches)
        {
            _processor.Process(batch);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// state of {_processor.TrackedSeries:N0} series: {_processor.StateBytes / (double)_processor.TrackedSeries:0.0} bytes per series by the processor's own count, {(after - before) / (double)_processor.TrackedSeries:0.0} bytes per series of managed heap growth");
        // The benchmarked batches are a later scrape of the same series: every point is a delta against stored state.
        _batches = Enumerable.Range(0, Series / SeriesPerBatch).Select(b => Batch(b, 1)).ToArray();
    }

    private static MetricBatch Batch(int index, int round)
    {
        var builder = new MetricBatchBuilder([new Attribute("service.name", "heavy"), new Attribute("service.instance.id", "10.0.0.1:9100")]);
        var scope = builder.AddScope(new InstrumentationScope("bench", "1"));
        builder.BeginMetric("requests_total", "", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        for (var i = 0; i < SeriesPerBatch; i++)
        {
            var id = index * SeriesPerBatch + i;
            builder.AddPoint(0, (round + 1) * 15_000_000_000L, 1000.0 * round + id, DataPointFlags.None,
                [new Attribute("pod", $"pod-{id / 100}"), new Attribute("path", $"/p{id % 100}")]);
        }
        return builder.Build();
    }

    [Benchmark(OperationsPerInvoke = SeriesPerBatch)]
    public int DeltaWithOneMillionSeriesInState()
    {
        var output = _processor.Process(_batches[_next]);
        _next = (_next + 1) % _batches.Length;
        return output.PointCount;
    }
}
