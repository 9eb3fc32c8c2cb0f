using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Telemetry;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests;

/// <summary>The discovery grain reports allocation under the Target Allocator's metric names.</summary>
public sealed class AllocatorTelemetryTests
{
    private static string Config(string address) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: telemetry
                  scrape_interval: 5s
                  static_configs:
                    - targets: ['{{address}}']
                      labels:
                        __metrics_path__: /a
                    - targets: ['{{address}}']
                      labels:
                        __metrics_path__: /b
        discovery:
          allocation_strategy: least-weighted
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        """;

    [Fact]
    public async Task Allocation_is_reported_with_the_upstream_allocator_metric_names_and_the_strategy_label()
    {
        var seen = new ConcurrentBag<(string Name, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OrleansScrapeMeter.MeterName && instrument.Name.StartsWith("opentelemetry_allocator_", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
            seen.Add((instrument.Name, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.SetMeasurementEventCallback<int>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();

        await using var exporter = await LoopbackServer.StartAsync(routes => routes.MapGet("/{path}", () => Results.Text("x 1\n", "text/plain; version=0.0.4")));
        await using var cluster = await RoleCluster.StartAsync(Config(exporter.Authority), SiloRole.Scraper, SiloRole.Scraper, SiloRole.Gateway);
        await cluster.Client.GetGrain<IDiscoveryGrain>(DiscoveryShards.Default).Sync();
        listener.RecordObservableInstruments();

        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_targets_per_collector"
            && Equals(m.Tags.GetValueOrDefault("strategy"), "least-weighted") && m.Tags.ContainsKey("collector_name"));
        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_events" && Equals(m.Tags.GetValueOrDefault("source"), "request"));
        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_time_to_allocate" && m.Tags.ContainsKey("method"));
        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_collectors_discovered");
        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_collectors_allocatable");
        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_targets_unassigned");
        Assert.Contains(seen, m => m.Name == "opentelemetry_allocator_targets" && Equals(m.Tags.GetValueOrDefault("job_name"), "telemetry"));
    }
}
