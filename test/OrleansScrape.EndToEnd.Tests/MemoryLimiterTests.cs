using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>A gateway over its memory limit refuses data instead of growing: the scrape goes on and records the refusal.</summary>
public sealed class MemoryLimiterTests
{
    [Fact]
    public async Task GatewayOverItsMemoryLimit_RefusesTheScrapesData()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        // A limit far below what any process uses: every batch is refused.
        var config = $$"""
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: limited
                      scrape_interval: 1s
                      static_configs:
                        - targets: ['{{exporter.Address}}']
            processors:
              memory_limiter:
                check_interval: 100ms
                limit_mib: 2
              cumulativetodelta: {}
            exporters:
              otlphttp:
                endpoint: {{sink.Endpoint}}
            service:
              pipelines:
                metrics:
                  receivers: [prometheus]
                  processors: [memory_limiter, cumulativetodelta]
                  exporters: [otlphttp]
            """;
        await using var cluster = await RoleCluster.StartAsync(config, SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => exporter.Scrapes >= 3, TimeSpan.FromSeconds(60), "scrapes");
        var key = Assert.Single((await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).GetStatus()).TargetKeys);
        TargetStatus? status = null;
        await Eventually.WaitAsync(() =>
        {
            status = cluster.Client.GetGrain<ITargetGrain>(key).GetStatus().GetAwaiter().GetResult();
            return status.LastError is not null;
        }, TimeSpan.FromSeconds(30), "the refusal on the target's status");

        Assert.True(status!.LastError!.Contains("high memory usage", StringComparison.Ordinal), status.LastError);
        Assert.Equal(TargetHealth.Down, status.Health);
        Assert.Empty(sink.Requests);
    }
}
