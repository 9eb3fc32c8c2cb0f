using System.Globalization;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>OpenMetrics exemplars become OTLP exemplars as the Collector converts them.</summary>
public sealed class ExemplarTests
{
    private static (OrleansScrape.Otlp.Model.MetricBatch Batch, OrleansScrape.Otlp.Model.Exemplar Exemplar) Counter(string exemplar)
    {
        var (batch, _) = TranslateOpenMetrics($"# TYPE c counter\nc_total 7 # {exemplar}\n");
        var point = batch.SinglePoint("c_total");
        return (batch, Assert.Single(batch.ExemplarsOf(point).ToArray()));
    }

    [Fact]
    public void Exemplar_TraceAndSpanIdHex_BecomeTraceIdAndSpanId()
    {
        var (batch, exemplar) = Counter("{trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\",span_id=\"00f067aa0ba902b7\"} 1.5 1700000000.125");

        Assert.Equal(UInt128.Parse("4bf92f3577b34da6a3ce929d0e0e4736", NumberStyles.HexNumber), exemplar.TraceId);
        Assert.Equal(0x00f067aa0ba902b7UL, exemplar.SpanId);
        Assert.Equal(1.5, exemplar.Value);
        Assert.Equal(1_700_000_000_125_000_000, exemplar.TimeUnixNano);
        Assert.Empty(batch.LabelsOf(exemplar));
    }

    [Fact]
    public void Exemplar_OtherLabels_BecomeFilteredAttributes()
    {
        var (batch, exemplar) = Counter("{trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\",user=\"alice\",empty=\"\"} 1");

        Assert.Equal([Label("user", "alice")], batch.LabelsOf(exemplar));
    }

    [Fact]
    public void Exemplar_IdsNotOfTheirExactHexWidth_StayFilteredAttributes()
    {
        var (batch, exemplar) = Counter("{trace_id=\"abc\",span_id=\"zz0000000000000z\"} 1");

        Assert.Equal(UInt128.Zero, exemplar.TraceId);
        Assert.Equal(0UL, exemplar.SpanId);
        Assert.Equal([Label("trace_id", "abc"), Label("span_id", "zz0000000000000z")], batch.LabelsOf(exemplar));
    }

    [Fact]
    public void Exemplar_WithoutTimestamp_HasTheSampleTime()
    {
        var (_, exemplar) = Counter("{} 2");

        Assert.Equal(ScrapeTime, exemplar.TimeUnixNano);
    }
}
