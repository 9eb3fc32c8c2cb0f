using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Translation;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>target_info describes the resource; otel_scope_* labels choose the instrumentation scope.</summary>
public sealed class ResourceAndScopeTests
{
    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, "# TYPE target_info gauge\n")]
    [InlineData(ExpositionFormat.OpenMetrics100, "# TYPE target info\n")]
    public void TargetInfo_LabelsExceptJobAndInstance_BecomeResourceAttributes(ExpositionFormat format, string type)
    {
        var (batch, stats) = TranslateAs(format, type + "target_info{job=\"other\",instance=\"x:1\",env=\"prod\",region=\"eu\"} 1\n# TYPE g gauge\ng 1\n");

        Assert.Equal([.. Resource, new Attribute("env", "prod"), new Attribute("exported_instance", "x:1"), new Attribute("exported_job", "other"), new Attribute("region", "eu")], batch.ResourceAttributes);
        Assert.Equal(["g"], batch.Metrics.Select(m => m.Name));
        Assert.Equal(1, stats.SkippedSamples);
    }

    [Fact]
    public void TargetInfo_WithHonoredJobAndInstance_AddsOnlyItsOtherLabels()
    {
        var (batch, _) = Translate("target_info{job=\"other\",instance=\"x:1\",env=\"prod\"} 1\n", Options with { HonorLabels = true });

        Assert.Equal([.. Resource, new Attribute("env", "prod")], batch.ResourceAttributes);
        Assert.Empty(batch.Metrics);
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void OtelScopeLabels_ChooseTheScope_AndAreNotPointAttributes(ExpositionFormat format)
    {
        var (batch, _) = TranslateAs(format, """
            # TYPE g gauge
            g{otel_scope_name="io.app.db",otel_scope_version="2.1",table="t"} 1
            g{table="u"} 2
            """);

        var metrics = batch.Metrics.Where(m => m.Name == "g").ToArray();
        Assert.Equal(2, metrics.Length);
        Assert.Equal(new InstrumentationScope("io.app.db", "2.1"), batch.Scopes[metrics[0].ScopeIndex]);
        Assert.Equal(PrometheusToOtlpTranslator.ReceiverScope, batch.Scopes[metrics[1].ScopeIndex]);
        Assert.Equal([Label("table", "t")], batch.LabelsOf(batch.PointsOf(metrics[0]).ToArray().Single()));
    }
}
