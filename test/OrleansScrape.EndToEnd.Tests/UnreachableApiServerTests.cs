using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Custom-resource discovery configured where no API server can be reached: the discovery grain does
/// not fail its activations; it reports the reason in its status (and so in /readyz), and the jobs of
/// the configuration file are scraped all the same.
/// </summary>
public sealed class UnreachableApiServerTests
{
    [Fact]
    public async Task Without_an_api_server_discovery_reports_why_and_static_jobs_are_still_scraped()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"no-kubeconfig-{Guid.NewGuid():N}");
        var config = $$"""
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: static
                      scrape_interval: 1s
                      static_configs:
                        - targets: ['{{exporter.Address}}']
            processors:
              cumulative_to_delta:
            exporters:
              otlp_http:
                endpoint: {{sink.Endpoint}}
            service:
              pipelines:
                metrics:
                  receivers: [prometheus]
                  processors: [cumulative_to_delta]
                  exporters: [otlp_http]
            discovery:
              kubeconfig_file: {{missing}}
              prometheus_cr:
                enabled: true
            """;
        await using var cluster = await RoleCluster.StartAsync(config, SiloRole.All);

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 2, TimeSpan.FromSeconds(60), "deltas of the static job");
        var status = await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus();
        Assert.True(status.Loaded);
        Assert.Contains("custom resources: cannot load the kubeconfig", status.LastError);
        Assert.Contains(missing, status.LastError);
    }
}
