using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;

namespace OrleansScrape.Benchmarks;

/// <summary>
/// Parsing and translating a node-exporter-like exposition of about 2,000 samples. Results are
/// per sample (OperationsPerInvoke), so ns/op and B/op read as ns and bytes per sample.
/// </summary>
[MemoryDiagnoser]
public class ExpositionBenchmarks
{
    private byte[] _text = [];
    private byte[] _openMetrics = [];
    private int _samples;
    private readonly MetricFamilySet _families = new();
    private PrometheusToOtlpTranslator _translator = null!;
    private MetricBatchBuilder _builder = null!;
    private OrleansScrape.Otlp.Model.Attribute[] _resource = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = NodeExporterLikeExposition.Text();
        _text = Encoding.UTF8.GetBytes(text);
        _openMetrics = Encoding.UTF8.GetBytes(NodeExporterLikeExposition.Text(openMetrics: true));
        _samples = NodeExporterLikeExposition.CountSamples(text);
        if (_samples != Samples)
        {
            throw new InvalidOperationException($"The exposition has {_samples} samples, the benchmark divides by {Samples}.");
        }
        _translator = new PrometheusToOtlpTranslator();
        _builder = new MetricBatchBuilder([]);
        _resource = PrometheusToOtlpTranslator.ResourceAttributes("node", "10.0.0.1:9100", "http");
        // Warm the translator's series cache, as on every scrape after the first.
        TranslateText();
        TranslateText();
    }

    public const int Samples = 1971;

    [Benchmark(OperationsPerInvoke = Samples)]
    public double ParseText()
    {
        var parser = new TextFormatParser(_text, _families);
        return Drain(ref parser);
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double ParseOpenMetrics()
    {
        var parser = new OpenMetricsParser(_openMetrics, _families);
        return Drain(ref parser);
    }

    /// <summary>Parse plus translation to the OTLP model with a warm series cache, including the batch the scrape hands on.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int TranslateText()
    {
        var stats = _translator.Translate(_text, ExpositionFormat.TextPlain004, 1_700_000_000_000_000_000, _builder, _resource);
        _builder.Build();
        return stats.PointsAdded;
    }

    // Reads what a consumer reads of every series: name, labels, value and timestamp.
    private static double Drain<TParser>(ref TParser parser) where TParser : IExpositionParser, allows ref struct
    {
        var sum = 0.0;
        ExpositionEntry entry;
        while ((entry = parser.Next()) is not (ExpositionEntry.EndOfInput or ExpositionEntry.EndOfFile))
        {
            if (entry != ExpositionEntry.Series)
            {
                continue;
            }
            sum += parser.Value + parser.MetricName.Length;
            foreach (var label in parser.Labels)
            {
                sum += label.Name.Length + label.RawValue.Length;
            }
        }
        return sum;
    }
}
