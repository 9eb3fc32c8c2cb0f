using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Hosting.Exporters.LoadBalancing;

namespace OrleansScrape.Host.Tests;

/// <summary>
/// The scraper tier's configuration in the shape users run (prometheus with <c>config: {}</c> and
/// <c>target_allocator</c>, memory_limiter, a <c>load_balancing</c> exporter with protocol, resolver,
/// retries and a batching queue, health_check, service.telemetry) loads unchanged.
/// </summary>
public sealed class ReferenceScraperConfigTests
{
    private const string Tier1 = """
        extensions:
          health_check:
            endpoint: "${env:ORLEANS_SCRAPE_TEST_UNSET_POD_IP}:13133"
        receivers:
          prometheus:
            config: {}
            target_allocator:
              collector_id: ${ORLEANS_SCRAPE_TEST_UNSET_POD_NAME}
              endpoint: http://tiered-allocator-ta
              interval: 15s
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 95
            spike_limit_percentage: 5
        exporters:
          debug:
            verbosity: basic
          load_balancing:
            routing_key: "resource"
            timeout: 10s
            retry_on_failure:
              enabled: true
              initial_interval: 5s
              max_interval: 30s
              max_elapsed_time: 300s
            sending_queue:
              enabled: true
              num_consumers: 10
              queue_size: 10000
              batch:
                min_size: 500
                max_size: 5000
                flush_timeout: 10s
            protocol:
              otlp:
                tls:
                  insecure: true
                timeout: 10s
            resolver:
              k8s:
                service: "tiered-gateway.otel-ta"
                ports:
                  - 4317
        service:
          extensions:
            - health_check
          pipelines:
            metrics:
              receivers:
                - prometheus
              processors:
                - memory_limiter
              exporters:
                - load_balancing
          telemetry:
            metrics:
              level: normal
              readers:
                - periodic:
                    interval: 10000
                    timeout: 5000
                    exporter:
                      otlp:
                        protocol: http/protobuf
                        temporality_preference: delta
                        endpoint: http://selfmon-scraper:4318
        """;

    [Fact]
    public void The_scraper_tier_config_loads_with_warnings_for_what_the_cluster_does_itself()
    {
        var settings = OrleansScrapeConfigReader.Read(Tier1, "tier1-scraper.yaml");

        var exporter = Assert.Single(settings.Exporters);
        Assert.Equal("load_balancing", exporter.Factory.Type);
        var options = exporter.OptionsAs<LoadBalancingExporterConfig>();
        Assert.Equal(TimeSpan.FromSeconds(10), options.Helper.Timeout);
        Assert.Equal(10_000, options.Helper.Queue.QueueSize);
        Assert.Equal(500, options.Helper.Queue.Batch!.MinSize);
        var messages = settings.Warnings.Select(w => w.Message).ToList();
        Assert.Contains(messages, m => m.Contains("receivers.prometheus.target_allocator has no effect"));
        Assert.Contains(messages, m => m.Contains("exporters.load_balancing.protocol has no effect"));
        Assert.Contains(messages, m => m.Contains("exporters.load_balancing.resolver has no effect"));
        Assert.Contains(messages, m => m.Contains("no pipeline of this configuration receives OTLP"));
        Assert.Contains(messages, m => m.Contains("exporters.debug"));
        Assert.Empty(LoadBalancingExporterFactory.GatewayPipelines(settings.Pipelines));
    }

    [Fact]
    public void The_legacy_name_loadbalancing_is_an_alias() =>
        Assert.Same(OrleansScrapeComponents.Registry.Find(OrleansScrape.Configuration.ComponentKind.Exporter, "load_balancing"),
            OrleansScrapeComponents.Registry.Find(OrleansScrape.Configuration.ComponentKind.Exporter, "loadbalancing"));

    [Fact]
    public void A_routing_key_other_than_resource_is_accepted_with_a_warning()
    {
        var settings = OrleansScrapeConfigReader.Read(Tier1.Replace("routing_key: \"resource\"", "routing_key: \"streamID\""), "tier1-scraper.yaml");
        Assert.Contains(settings.Warnings, w => w.Message.Contains("routing_key \"streamID\" has no effect"));
    }

    [Fact]
    public void An_unknown_routing_key_is_refused_at_its_line()
    {
        var e = Assert.Throws<OrleansScrape.Configuration.ConfigException>(() =>
            OrleansScrapeConfigReader.Read(Tier1.Replace("routing_key: \"resource\"", "routing_key: \"pod\""), "tier1-scraper.yaml"));
        Assert.Equal(20, e.Line);
        Assert.Contains("routing_key: \"pod\" must be one of resource, streamID", e.Reason);
    }
}
