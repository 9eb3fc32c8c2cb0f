using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>Which labels become point attributes.</summary>
public sealed class PointAttributeTests
{
    [Fact]
    public void Attributes_DropNameJobAndInstance()
    {
        // job and instance are the resource; with honor_labels the scraped ones replace the target's and are dropped the same way.
        var (batch, _) = Translate("g{job=\"x\",instance=\"y:1\",mode=\"idle\"} 1\n", Options with { HonorLabels = true });

        Assert.Equal([Label("mode", "idle")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void Attributes_DropLeAndQuantile(ExpositionFormat format)
    {
        var (batch, _) = TranslateAs(format, """
            # TYPE h histogram
            h_bucket{a="1",le="+Inf"} 1
            h_sum{a="1"} 1
            h_count{a="1"} 1
            # TYPE s summary
            s{a="2",quantile="0.5"} 1
            s_sum{a="2"} 1
            s_count{a="2"} 1
            """);

        Assert.Equal([Label("a", "1")], batch.LabelsOf(batch.SingleHistogramPoint("h")));
        Assert.Equal([Label("a", "2")], batch.LabelsOf(batch.SingleSummaryPoint("s")));
    }

    [Fact]
    public void Attributes_OmitEmptyValuedLabels()
    {
        var (batch, _) = Translate("g{a=\"\",b=\"2\",c=\"\"} 1\n");

        Assert.Equal([Label("b", "2")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void Attributes_IncludeTheTargetsOtherLabels()
    {
        var (batch, _) = Translate("g{mode=\"idle\"} 1\n", Options with { TargetLabels = [.. TargetLabels, new("zone", "eu-1"), new("env", "prod")] });

        Assert.Equal([Label("env", "prod"), Label("mode", "idle"), Label("zone", "eu-1")], batch.LabelsOf(batch.SinglePoint("g")));
    }
}
