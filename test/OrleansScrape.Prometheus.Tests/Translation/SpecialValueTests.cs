using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class SpecialValueTests
{
    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void NaNAndInfinities_PassThrough(ExpositionFormat format)
    {
        var (batch, _) = TranslateAs(format, "# TYPE g gauge\ng{a=\"1\"} NaN\ng{a=\"2\"} +Inf\ng{a=\"3\"} -Inf\n");

        var points = batch.PointsNamed("g");
        Assert.True(double.IsNaN(points[0].Value));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity], points[1..].Select(p => p.Value));
        Assert.All(points, p => Assert.Equal(OrleansScrape.Otlp.Model.DataPointFlags.None, p.Flags));
    }
}
