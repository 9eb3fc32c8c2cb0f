using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Relabeling;
using OrleansScrape.Prometheus.Translation;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Translates a body into a fresh batch, as the scrape path does, for a target of job "node".</summary>
public static class TranslationRun
{
    public const long ScrapeTime = 1_700_000_000_000_000_000;
    public const string Job = "node";
    public const string Instance = "10.0.0.7:9100";

    /// <summary>The resource the scrape path hands the translator for the target.</summary>
    public static readonly Attribute[] Resource = PrometheusToOtlpTranslator.ResourceAttributes(Job, Instance, "http");

    /// <summary>The target's labels: job and instance, as every target has them.</summary>
    public static readonly Label[] TargetLabels = [new("job", Job), new("instance", Instance)];

    /// <summary>Options of a target with <see cref="TargetLabels"/> and everything else at Prometheus's defaults.</summary>
    public static TranslationOptions Options { get; } = new() { TargetLabels = TargetLabels };

    public static PrometheusToOtlpTranslator Translator(TranslationOptions? options = null) => new(options ?? Options);

    /// <summary>Translates a text 0.0.4 body with a new translator.</summary>
    public static (MetricBatch Batch, TranslationStats Stats) Translate(string body, TranslationOptions? options = null) =>
        Translate(body, Translator(options));

    /// <summary>Translates an OpenMetrics 1.0 body (<c># EOF</c> appended) with a new translator.</summary>
    public static (MetricBatch Batch, TranslationStats Stats) TranslateOpenMetrics(string body, TranslationOptions? options = null) =>
        Translate(OpenMetrics(body), Translator(options), ExpositionFormat.OpenMetrics100);

    /// <summary>Translates a body valid in both formats as <paramref name="format"/> (OpenMetrics gets its <c># EOF</c>).</summary>
    public static (MetricBatch Batch, TranslationStats Stats) TranslateAs(ExpositionFormat format, string body, TranslationOptions? options = null) =>
        format == ExpositionFormat.TextPlain004
            ? Translate(body, Translator(options))
            : Translate(OpenMetrics(body), Translator(options), format);

    public static (MetricBatch Batch, TranslationStats Stats) Translate(
        string body,
        PrometheusToOtlpTranslator translator,
        ExpositionFormat format = ExpositionFormat.TextPlain004,
        long scrapeTime = ScrapeTime)
    {
        var builder = new MetricBatchBuilder([]);
        var stats = translator.Translate(Encoding.UTF8.GetBytes(body), format, scrapeTime, builder, Resource);
        return (builder.Build(), stats);
    }

    /// <summary>The body with the closing line OpenMetrics requires.</summary>
    public static string OpenMetrics(string body) => body.TrimEnd('\n') + "\n# EOF\n";

    public static MetricDescriptor Metric(this MetricBatch batch, string name) =>
        Assert.Single(batch.Metrics, m => m.Name == name);

    public static NumberPoint SinglePoint(this MetricBatch batch, string name) =>
        Assert.Single(batch.PointsOf(batch.Metric(name)).ToArray());

    public static HistogramPoint SingleHistogramPoint(this MetricBatch batch, string name) =>
        Assert.Single(batch.HistogramPointsOf(batch.Metric(name)).ToArray());

    public static SummaryPoint SingleSummaryPoint(this MetricBatch batch, string name) =>
        Assert.Single(batch.SummaryPointsOf(batch.Metric(name)).ToArray());

    public static NumberPoint[] PointsNamed(this MetricBatch batch, string name) =>
        batch.PointsOf(batch.Metric(name)).ToArray();

    public static KeyValuePair<string, string>[] LabelsOf(this MetricBatch batch, NumberPoint point) =>
        Pairs(batch.AttributesOf(point));

    public static KeyValuePair<string, string>[] LabelsOf(this MetricBatch batch, HistogramPoint point) =>
        Pairs(batch.AttributesOf(point));

    public static KeyValuePair<string, string>[] LabelsOf(this MetricBatch batch, SummaryPoint point) =>
        Pairs(batch.AttributesOf(point));

    public static KeyValuePair<string, string>[] LabelsOf(this MetricBatch batch, Exemplar exemplar) =>
        Pairs(batch.AttributesOf(exemplar));

    /// <summary>Every point of every type as (metric name, flags), in batch order.</summary>
    public static (string Name, DataPointFlags Flags)[] AllPoints(this MetricBatch batch) =>
        batch.Metrics.SelectMany(m => m.Type switch
        {
            MetricType.Histogram => batch.HistogramPointsOf(m).ToArray().Select(p => (m.Name, p.Flags)),
            MetricType.Summary => batch.SummaryPointsOf(m).ToArray().Select(p => (m.Name, p.Flags)),
            _ => batch.PointsOf(m).ToArray().Select(p => (m.Name, p.Flags)),
        }).ToArray();

    public static KeyValuePair<string, string> Label(string name, string value) => new(name, value);

    private static KeyValuePair<string, string>[] Pairs(ReadOnlySpan<Attribute> attributes) =>
        attributes.ToArray().Select(a => new KeyValuePair<string, string>(a.Key, a.Value)).ToArray();
}
