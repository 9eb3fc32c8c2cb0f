using BenchmarkDotNet.Attributes;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.CumulativeToDelta;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Benchmarks;

/// <summary>Delta computation over one resource's scrape of 2,000 counter series, as a series grain runs it.</summary>
[MemoryDiagnoser]
public class CumulativeToDeltaBenchmarks
{
    private const int Series = 2000;
    private MetricBatch[] _scrapes = [];
    private CumulativeToDeltaProcessor _processor = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _scrapes = Enumerable.Range(0, 64).Select(Scrape).ToArray();
        _processor = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions());
        _processor.Process(_scrapes[0]);
        _next = 1;
    }

    private static MetricBatch Scrape(int n)
    {
        var builder = new MetricBatchBuilder([new Attribute("service.name", "node"), new Attribute("service.instance.id", "10.0.0.1:9100")]);
        var scope = builder.AddScope(new InstrumentationScope("bench", "1"));
        for (var m = 0; m < Series / 20; m++)
        {
            builder.BeginMetric($"node_metric_{m}_total", "", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
            for (var s = 0; s < 20; s++)
            {
                builder.AddPoint(0, (n + 1) * 15_000_000_000L, 1000.0 * n + s, DataPointFlags.None,
                    [new Attribute("cpu", s.ToString()), new Attribute("mode", "user")]);
            }
        }
        return builder.Build();
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public int DeltaPerSeries()
    {
        var output = _processor.Process(_scrapes[_next]);
        _next = _next == _scrapes.Length - 1 ? 1 : _next + 1;
        return output.PointCount;
    }
}
