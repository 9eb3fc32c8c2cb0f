using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>How a target's labels meet the scraped ones (<c>honor_labels</c>).</summary>
public sealed class TargetLabelTests
{
    private static readonly Label[] WithZone = [.. TargetLabels, new("zone", "eu-1")];

    [Fact]
    public void HonorLabelsFalse_CollidingScrapedLabel_BecomesExported_AndTheTargetWins()
    {
        var (batch, _) = Translate("g{zone=\"us-2\",mode=\"idle\"} 1\n", Options with { TargetLabels = WithZone });

        Assert.Equal([Label("exported_zone", "us-2"), Label("mode", "idle"), Label("zone", "eu-1")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void HonorLabelsFalse_ExportedNameTaken_PrefixesAgain()
    {
        var (batch, _) = Translate("g{zone=\"us-2\",exported_zone=\"ap-3\"} 1\n", Options with { TargetLabels = WithZone });

        Assert.Equal(
            [Label("exported_exported_zone", "us-2"), Label("exported_zone", "ap-3"), Label("zone", "eu-1")],
            batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void HonorLabelsFalse_ScrapedJobAndInstance_BecomeExportedJobAndInstance()
    {
        var (batch, _) = Translate("g{job=\"pushed\",instance=\"a:1\"} 1\n");

        Assert.Equal([Label("exported_instance", "a:1"), Label("exported_job", "pushed")], batch.LabelsOf(batch.SinglePoint("g")));
    }

    [Fact]
    public void HonorLabelsTrue_ScrapedLabelWins()
    {
        var (batch, _) = Translate("g{zone=\"us-2\"} 1\ng{mode=\"idle\"} 2\n", Options with { TargetLabels = WithZone, HonorLabels = true });

        var points = batch.PointsNamed("g");
        Assert.Equal([Label("zone", "us-2")], batch.LabelsOf(points[0]));
        Assert.Equal([Label("mode", "idle"), Label("zone", "eu-1")], batch.LabelsOf(points[1]));
    }
}
