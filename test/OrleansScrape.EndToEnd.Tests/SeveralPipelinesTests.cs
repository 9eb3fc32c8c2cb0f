using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Several pipelines as in the Collector: one receiver feeds two pipelines, each with its own
/// processors and exporter, and each pipeline's stateful processors keep their own series.
/// </summary>
public sealed class SeveralPipelinesTests
{
    private static string Config(string target, Uri deltas, Uri raw) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: synthetic
                  scrape_interval: 1s
                  static_configs:
                    - targets: ['{{target}}']
        processors:
          cumulative_to_delta:
          batch:
            timeout: 200ms
        exporters:
          otlp_http:
            endpoint: {{deltas}}
          otlp_http/raw:
            endpoint: {{raw}}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulative_to_delta, batch]
              exporters: [otlp_http]
            metrics/raw:
              receivers: [prometheus]
              processors: [batch]
              exporters: [otlp_http/raw]
        """;

    private static List<(Sum Sum, NumberDataPoint Point)> Sums(OtlpSink sink, string metric) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .Where(m => m.Name == metric && m.DataCase == Metric.DataOneofCase.Sum)
            .SelectMany(m => m.Sum.DataPoints.Select(p => (m.Sum, p)))
            .Where(x => x.p.Attributes.Any(a => a.Key == "path" && a.Value.StringValue == "/b"))
            .OrderBy(x => x.p.TimeUnixNano)
            .ToList();

    [Fact]
    public async Task One_receiver_feeds_two_pipelines_each_with_its_own_processors_and_exporter()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var deltas = await OtlpSink.StartAsync();
        await using var raw = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Address, deltas.Endpoint, raw.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => Sums(deltas, "requests_total").Count >= 3 && Sums(raw, "requests_total").Count >= 4,
            TimeSpan.FromSeconds(60), "deltas at the first sink and cumulative values at the second");

        var delta = Sums(deltas, "requests_total");
        Assert.All(delta, x => Assert.Equal(AggregationTemporality.Delta, x.Sum.AggregationTemporality));
        Assert.All(delta, x => Assert.Equal(SyntheticExporter.IncreaseB, x.Point.AsDouble));
        for (var i = 1; i < delta.Count; i++)
        {
            Assert.Equal(delta[i - 1].Point.TimeUnixNano, delta[i].Point.StartTimeUnixNano);
        }

        // The raw pipeline has no cumulative_to_delta: its sink gets the growing totals.
        var cumulative = Sums(raw, "requests_total");
        Assert.All(cumulative, x => Assert.Equal(AggregationTemporality.Cumulative, x.Sum.AggregationTemporality));
        for (var i = 1; i < cumulative.Count; i++)
        {
            Assert.Equal(cumulative[i - 1].Point.AsDouble + SyntheticExporter.IncreaseB, cumulative[i].Point.AsDouble);
        }

        // Each pipeline's series live in grains of their own on the gateway.
        var gateway = cluster.Roles.Single(r => r.Value == SiloRole.Gateway).Key;
        Assert.Equal(2, cluster.SiloService<OrleansScrape.Grains.Series.SeriesStateRegistry>(gateway).Grains);
    }
}
