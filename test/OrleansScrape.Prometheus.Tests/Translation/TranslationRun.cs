using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Translation;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Translates a text body into a fresh batch, as the scrape path does.</summary>
public static class TranslationRun
{
    public const long ScrapeTime = 1_700_000_000_000_000_000;

    public static readonly InstrumentationScope Scope = new("OrleansScrape.Prometheus", "test");

    public static (MetricBatch Batch, TranslationStats Stats) Translate(
        string body,
        bool honorTimestamps = true,
        PrometheusToOtlpTranslator? translator = null)
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(Scope);
        var stats = (translator ?? new PrometheusToOtlpTranslator())
            .Translate(Encoding.UTF8.GetBytes(body), ScrapeTime, honorTimestamps, builder, scope);
        return (builder.Build(), stats);
    }

    public static MetricDescriptor Metric(this MetricBatch batch, string name) =>
        Assert.Single(batch.Metrics, m => m.Name == name);

    public static NumberPoint SinglePoint(this MetricBatch batch, string name) =>
        Assert.Single(batch.PointsOf(batch.Metric(name)).ToArray());

    public static KeyValuePair<string, string>[] LabelsOf(this MetricBatch batch, NumberPoint point) =>
        batch.AttributesOf(point).ToArray().Select(a => new KeyValuePair<string, string>(a.Key, a.Value)).ToArray();
}
