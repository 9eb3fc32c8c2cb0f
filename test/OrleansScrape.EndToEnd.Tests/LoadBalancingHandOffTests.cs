using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The scraper and gateway tiers' configurations in one: the scrape pipeline ends in
/// <c>load_balancing</c>, which hands its data to the pipeline that receives OTLP, as the scrapers'
/// loadbalancing exporter sends to the gateways; the gateway pipeline's deltas reach the backend.
/// </summary>
public sealed class LoadBalancingHandOffTests
{
    private static string Config(string target, Uri sink) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: tiers
                  scrape_interval: 1s
                  static_configs:
                    - targets: ['{{target}}']
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 95
            spike_limit_percentage: 5
          cumulative_to_delta:
          batch:
            timeout: 200ms
        exporters:
          load_balancing:
            routing_key: resource
            protocol:
              otlp:
                tls:
                  insecure: true
            resolver:
              k8s:
                service: gateway.otel
          otlp_http:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics/scrape:
              receivers: [prometheus]
              processors: [memory_limiter]
              exporters: [load_balancing]
            metrics:
              receivers: [otlp]
              processors: [cumulative_to_delta, batch]
              exporters: [otlp_http]
        """;

    [Fact]
    public async Task Scrapes_handed_off_by_load_balancing_leave_the_gateway_pipeline_as_deltas()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Address, sink.Endpoint), SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas handed through load_balancing");

        var sums = sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .Where(m => m.Name == "requests_total").ToList();
        Assert.All(sums, m => Assert.Equal(AggregationTemporality.Delta, m.Sum.AggregationTemporality));
        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(30));
        DeltaAssertions.AssertContiguousWholeIncreases(DeltaAssertions.DeltasOfPathA(sink));
    }
}
