using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class ParserAllocationTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        # HELP http_requests_total Requests served.
        # TYPE http_requests_total counter
        http_requests_total{method="get",code="200",path="/api/v1/items"} 1027 1700000000000
        http_requests_total{method="post",code="500",path="/api/v1/\"quoted\""} 3
        # TYPE temperature gauge
        temperature{room="kitchen"} -3.5e1
        temperature{room="attic",} NaN
        temperature{room="cellar"} +Inf
        # TYPE latency histogram
        latency_bucket{le="0.1"} 5
        latency_bucket{le="+Inf"} 9
        latency_sum 1.25
        latency_count 9
        untyped_thing{a="1",b="2",c="3",d="4"} 0.000123
        """);

    [Fact]
    public void Parser_SteadyState_AllocatesNothing()
    {
        var families = new MetricFamilySet();
        var checksum = Drain(Body, families);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            checksum += Drain(Body, families);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    /// <summary>Touches every accessor a consumer would read, so none of them may allocate.</summary>
    private static double Drain(ReadOnlySpan<byte> body, MetricFamilySet families)
    {
        var parser = new TextFormatParser(body, families);
        var checksum = 0.0;
        Span<byte> scratch = stackalloc byte[128];
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            checksum += parser.LineNumber;
            if (entry != ExpositionEntry.Series)
            {
                continue;
            }
            checksum += parser.MetricName.Length + parser.FamilyName.Length + (int)parser.FamilyKind + parser.FamilyIndex;
            checksum += double.IsFinite(parser.Value) ? parser.Value : 1;
            checksum += parser.HasTimestamp ? parser.TimestampMilliseconds % 7 : 0;
            foreach (var label in parser.Labels)
            {
                checksum += label.Name.Length;
                checksum += label.ValueNeedsUnescape ? label.UnescapeValue(scratch) : label.RawValue.Length;
            }
        }
        return checksum;
    }
}
