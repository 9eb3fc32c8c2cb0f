using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>What the sink received of the synthetic exporter's <c>requests_total{path="/a"}</c>, and how its deltas must look.</summary>
internal static class DeltaAssertions
{
    public static List<NumberDataPoint> DeltasOfPathA(OtlpSink sink) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .Where(m => m.Name == "requests_total")
            .SelectMany(m => m.Sum.DataPoints)
            .Where(p => p.Attributes.Any(a => a.Key == "path" && a.Value.StringValue == "/a"))
            .OrderBy(p => p.TimeUnixNano)
            .ToList();

    /// <summary>
    /// Waits until the deltas at the sink are contiguous: exporters send with several consumers (the
    /// Collector's default of ten), so requests queued during an outage or a failover arrive in any
    /// order. Returns after the timeout either way; the assertion that follows reports what is missing.
    /// </summary>
    public static async Task WaitUntilContiguousAsync(OtlpSink sink, TimeSpan timeout)
    {
        try
        {
            await Eventually.WaitAsync(() => AreContiguous(DeltasOfPathA(sink)), timeout, "contiguous deltas");
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Whether every delta starts where the one before it ended.</summary>
    public static bool AreContiguous(List<NumberDataPoint> deltas)
    {
        for (var i = 1; i < deltas.Count; i++)
        {
            if (deltas[i].StartTimeUnixNano != deltas[i - 1].TimeUnixNano)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Contiguous intervals and whole multiples of the per-scrape increase: together they mean the
    /// sum of the deltas is exactly the counter's increase from the first baseline to the last point.
    /// </summary>
    public static void AssertContiguousWholeIncreases(List<NumberDataPoint> deltas)
    {
        for (var i = 1; i < deltas.Count; i++)
        {
            Assert.True(deltas[i].StartTimeUnixNano == deltas[i - 1].TimeUnixNano,
                $"delta {i} starts at {deltas[i].StartTimeUnixNano}, the previous ended at {deltas[i - 1].TimeUnixNano}: {(deltas[i].StartTimeUnixNano < deltas[i - 1].TimeUnixNano ? "counted twice" : "lost")}");
        }
        Assert.All(deltas, d => Assert.True(d.AsDouble > 0 && d.AsDouble % SyntheticExporter.IncreaseA == 0, $"delta {d.AsDouble}"));
    }
}
