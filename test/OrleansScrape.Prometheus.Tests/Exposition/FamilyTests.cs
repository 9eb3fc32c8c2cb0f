using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class FamilyTests
{
    [Fact]
    public void Series_WithoutType_IsItsOwnUntypedFamily()
    {
        var entries = ParseAll("a 1\na{x=\"1\"} 2\nb 3\n");

        Assert.Equal(["a", "a", "b"], entries.Select(e => e.FamilyName));
        Assert.All(entries, e => Assert.Equal(MetricKind.Untyped, e.FamilyKind));
        Assert.Equal(entries[0].FamilyIndex, entries[1].FamilyIndex);
        Assert.NotEqual(entries[1].FamilyIndex, entries[2].FamilyIndex);
    }

    [Fact]
    public void Series_AfterType_BelongsToDeclaredFamily()
    {
        var entries = ParseAll("# TYPE c counter\nc 1\nc{x=\"1\"} 2\n");

        Assert.All(entries.Skip(1), e =>
        {
            Assert.Equal("c", e.FamilyName);
            Assert.Equal(MetricKind.Counter, e.FamilyKind);
            Assert.Equal(entries[0].FamilyIndex, e.FamilyIndex);
        });
    }

    [Fact]
    public void HistogramSeries_WithSuffixes_BelongToTheHistogramFamily()
    {
        var entries = ParseAll("""
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 2
            h_sum 3.5
            h_count 2
            """);

        Assert.All(entries.Skip(1), e =>
        {
            Assert.Equal("h", e.FamilyName);
            Assert.Equal(MetricKind.Histogram, e.FamilyKind);
        });
        Assert.Single(entries.Select(e => e.FamilyIndex).Distinct());
    }

    [Fact]
    public void SummarySeries_WithQuantilesAndSuffixes_BelongToTheSummaryFamily()
    {
        var entries = ParseAll("""
            # TYPE s summary
            s{quantile="0.5"} 1
            s_sum 3
            s_count 2
            """);

        Assert.All(entries.Skip(1), e => Assert.Equal((MetricKind.Summary, "s"), (e.FamilyKind, e.FamilyName)));
    }

    [Fact]
    public void SummaryFamily_DoesNotClaimBucketSeries()
    {
        var entries = ParseAll("# TYPE s summary\ns_bucket 1\n");

        Assert.Equal(("s_bucket", MetricKind.Untyped), (entries[1].FamilyName, entries[1].FamilyKind));
    }

    [Fact]
    public void CounterFamily_ClaimsTotalSeries()
    {
        var entries = ParseAll("# TYPE requests counter\nrequests_total 1\n");

        Assert.Equal(("requests", MetricKind.Counter), (entries[1].FamilyName, entries[1].FamilyKind));
    }

    [Fact]
    public void GaugeFamily_DoesNotClaimSuffixedSeries()
    {
        var entries = ParseAll("# TYPE g gauge\ng_sum 1\n");

        Assert.Equal(("g_sum", MetricKind.Untyped), (entries[1].FamilyName, entries[1].FamilyKind));
    }

    [Fact]
    public void Help_OpensFamilyThatTypeThenDeclares()
    {
        var entries = ParseAll("# HELP g the help\n# TYPE g gauge\ng 1\n");

        Assert.Equal(entries[0].FamilyIndex, entries[2].FamilyIndex);
        Assert.Equal(MetricKind.Gauge, entries[2].FamilyKind);
    }

    [Fact]
    public void Help_AfterType_KeepsTheDeclaredKind()
    {
        var entries = ParseAll("# TYPE g gauge\n# HELP g the help\ng 1\n");

        Assert.Equal(MetricKind.Gauge, entries[2].FamilyKind);
        Assert.Equal(entries[0].FamilyIndex, entries[2].FamilyIndex);
    }

    [Fact]
    public void Family_ResumedAfterAnotherFamily_KeepsItsDeclaredKind()
    {
        var entries = ParseAll("""
            # TYPE a counter
            a 1
            # TYPE b gauge
            b 2
            a{x="1"} 3
            """);

        var resumed = entries[4];
        Assert.Equal(("a", MetricKind.Counter), (resumed.FamilyName, resumed.FamilyKind));
        Assert.NotEqual(entries[3].FamilyIndex, resumed.FamilyIndex);
    }

    [Fact]
    public void HistogramFamily_ResumedThroughSuffixedSeries_KeepsItsKind()
    {
        var entries = ParseAll("""
            # TYPE h histogram
            h_bucket{le="+Inf"} 1
            # TYPE g gauge
            g 2
            h_sum 3
            """);

        Assert.Equal(("h", MetricKind.Histogram), (entries[4].FamilyName, entries[4].FamilyKind));
    }

    [Fact]
    public void DeclaredFamilyWithoutSamples_IsClaimedByLaterSeries()
    {
        var entries = ParseAll("# TYPE a gauge\n# TYPE b counter\nb 1\na 2\n");

        Assert.Equal(("a", MetricKind.Gauge), (entries[3].FamilyName, entries[3].FamilyKind));
    }

    [Fact]
    public void FamilySet_IsClearedForEachParse()
    {
        var families = new MetricFamilySet();
        var body = "# TYPE m gauge\nm 1\n"u8;

        for (var i = 0; i < 2; i++)
        {
            var parser = new TextFormatParser(body, families);
            while (parser.Next() != ExpositionEntry.EndOfInput)
            {
            }
        }

        Assert.Equal(1, families.Count);
    }
}
