using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class DiscoveryPrometheusCrConfigTests
{
    private static string Config(string discovery) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs: []
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        discovery:
        {{discovery}}
        """;

    [Fact]
    public void Discovery_prometheus_cr_is_read_next_to_allocation_strategy()
    {
        var settings = OrleansScrapeConfigReader.Read(Config("""
              allocation_strategy: least-weighted
              prometheus_cr:
                enabled: true
                scrapeInterval: 15s
                service_monitor_selector:
                  matchlabels:
                    prometheus.dynatrace.com: "true"
            """), "test.yaml");

        var cr = settings.Discovery.PrometheusCr!;
        Assert.True(cr.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(15), cr.ScrapeInterval);
        Assert.Equal("true", cr.ServiceMonitorSelector!.MatchLabels["prometheus.dynatrace.com"]);
        Assert.Null(cr.PodMonitorSelector);
        Assert.Equal(Grains.Allocation.AllocationStrategy.LeastWeighted, settings.Discovery.AllocationStrategy);
    }

    [Fact]
    public void Without_prometheus_cr_no_custom_resources_are_discovered()
    {
        var settings = OrleansScrapeConfigReader.Read(Config("  allocation_strategy: consistent-hashing"), "test.yaml");

        Assert.Null(settings.Discovery.PrometheusCr);
    }

    [Fact]
    public void An_unsupported_prometheus_cr_key_is_refused_with_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => OrleansScrapeConfigReader.Read(Config("""
              prometheus_cr:
                enabled: true
                probe_selector: {}
            """), "test.yaml"));

        Assert.Equal(15, error.Line);
        Assert.Contains("Probe resources are not supported", error.Message, StringComparison.Ordinal);
    }
}
