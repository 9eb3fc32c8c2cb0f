using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class TranslatorAllocationTests
{
    [Fact]
    public void Translate_SameBodyAgain_AllocatesLessThanABytePerSample()
    {
        var body = Encoding.UTF8.GetBytes(NodeExporterExposition.Body);
        var translator = Translator();
        var builder = new MetricBatchBuilder([]);
        // Warm-up rounds: the first fills the caches, the later ones grow the builder's lists to size.
        for (var i = 0; i < 3; i++)
        {
            translator.Translate(body, ExpositionFormat.TextPlain004, ScrapeTime, builder, Resource);
            builder.Build();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var stats = translator.Translate(body, ExpositionFormat.TextPlain004, ScrapeTime, builder, Resource);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesScraped);
        Assert.True(allocated < stats.SamplesScraped, $"{allocated} bytes allocated for {stats.SamplesScraped} samples");
    }
}
