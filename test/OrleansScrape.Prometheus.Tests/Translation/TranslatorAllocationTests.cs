using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Translation;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class TranslatorAllocationTests
{
    [Fact]
    public void Translate_SameBodyAgain_AllocatesNothingPerSample()
    {
        var body = Encoding.UTF8.GetBytes(NodeExporterExposition.Body);
        var translator = new PrometheusToOtlpTranslator();
        var builder = new MetricBatchBuilder([]);
        // Two warm-up rounds: the first fills the string cache, the second grows nothing further.
        for (var i = 0; i < 2; i++)
        {
            var warmScope = builder.AddScope(TranslationRun.Scope);
            translator.Translate(body, TranslationRun.ScrapeTime, true, builder, warmScope);
            builder.Build();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var scope = builder.AddScope(TranslationRun.Scope);
        var stats = translator.Translate(body, TranslationRun.ScrapeTime, true, builder, scope);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesScraped);
        Assert.True(allocated < stats.SamplesScraped, $"{allocated} bytes allocated for {stats.SamplesScraped} samples");
    }
}
