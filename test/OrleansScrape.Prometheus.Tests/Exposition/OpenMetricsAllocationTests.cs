using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class OpenMetricsAllocationTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        # TYPE http_requests counter
        # UNIT http_requests requests
        # HELP http_requests Requests \"served\".
        http_requests_total{method="get",code="200",path="/api/v1/items"} 1027 1700000000.123456789 # {trace_id="KOO5S4vxi0o"} 0.67 1700000000.1
        http_requests_created{method="get",code="200",path="/api/v1/items"} 1600000000 1700000000.123456789
        http_requests_total{method="post",code="500",path="/api/v1/\"quoted\""} 3 1700000000.2
        http_requests_created{method="post",code="500",path="/api/v1/\"quoted\""} 1600000000 1700000000.2
        # TYPE temperature gauge
        temperature{room="kitchen"} -3.5e1
        temperature{room="attic"} NaN
        temperature{room="cellar"} +Inf
        # TYPE latency_seconds histogram
        # UNIT latency_seconds seconds
        latency_seconds_bucket{path="/",le="0.1"} 5 # {trace_id="a"} 0.05
        latency_seconds_bucket{path="/",le="+Inf"} 9 # {trace_id="b",span_id="c"} 1.5 1700000000
        latency_seconds_sum{path="/"} 1.25
        latency_seconds_count{path="/"} 9
        # TYPE rpc summary
        rpc{quantile="0.5"} 0.2
        rpc_sum 12
        rpc_count 40
        # TYPE queue gaugehistogram
        queue_bucket{le="+Inf"} 4
        queue_gcount 4
        queue_gsum 10
        # TYPE mode stateset
        mode{mode="on"} 1
        mode{mode="off"} 0
        # TYPE build info
        build_info{version="1.2.3"} 1
        untyped_thing{a="1",b="2",c="3",d="4"} 0.000123
        # EOF

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
        var parser = new OpenMetricsParser(body, families);
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
            checksum += parser.FamilyUnit.Length + parser.RawFamilyHelp.Length;
            checksum += double.IsFinite(parser.Value) ? parser.Value : 1;
            checksum += parser.HasTimestamp ? parser.TimestampMilliseconds % 7 : 0;
            checksum += parser.TryGetTimestampUnixNanoseconds(out var nanoseconds) ? nanoseconds % 11 : 0;
            foreach (var label in parser.Labels)
            {
                checksum += label.Name.Length;
                checksum += label.ValueNeedsUnescape ? label.UnescapeValue(scratch) : label.RawValue.Length;
            }
            if (parser.HasExemplar)
            {
                checksum += parser.ExemplarValue + parser.ExemplarLabelCount;
                checksum += parser.TryGetExemplarTimestampUnixNanoseconds(out var exemplarNanoseconds) ? exemplarNanoseconds % 13 : 0;
                foreach (var label in parser.ExemplarLabels)
                {
                    checksum += label.Name.Length + label.RawValue.Length;
                }
            }
        }
        return checksum;
    }
}
