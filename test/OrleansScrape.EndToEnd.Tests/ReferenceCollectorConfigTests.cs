using System.Net;
using System.Net.Sockets;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Two more configurations in the shapes users run, loaded unchanged and run: the simplified single
/// Collector (prometheus, metric_start_time, the legacy cumulativetodelta, otlp_http, health_check)
/// and the self-monitoring Collector (otlp and prometheus into one pipeline, a named transform that
/// renames resource keys, a transform that moves point labels to the resource, otlphttp/dynatrace with
/// a batching queue).
/// </summary>
public sealed class ReferenceCollectorConfigTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Attribute(Google.Protobuf.Collections.RepeatedField<OrleansScrape.Otlp.Proto.Common.V1.KeyValue> attributes, string key) =>
        attributes.SingleOrDefault(a => a.Key == key)?.Value.StringValue ?? "";

    [Fact]
    public async Task The_simplified_single_collector_config_scrapes_and_exports_deltas()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        var health = FreePort();
        var config = $$"""
            extensions:
              health_check:
                endpoint: 127.0.0.1:{{health}}
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: 'node-exporter'
                      scrape_interval: 1s
                      static_configs:
                        - targets: ['{{exporter.Address}}']
                      metric_relabel_configs:
                        - source_labels: [team]
                          target_label: service.team
                        - regex: team
                          action: labeldrop
            processors:
              cumulativetodelta:
                max_staleness: 25h
              metric_start_time:
            exporters:
              otlp_http:
                endpoint: {{sink.Endpoint}}
                headers:
                  Authorization: "Api-Token ${env:ORLEANS_SCRAPE_TEST_UNSET_TOKEN}"
            service:
              extensions: [health_check]
              pipelines:
                metrics:
                  receivers: [prometheus]
                  processors: [metric_start_time, cumulativetodelta]
                  exporters: [otlp_http]
            """;
        await using var cluster = await RoleCluster.StartAsync(config, SiloRole.All);

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{health}/")).StatusCode);
        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas of the simplified collector");
        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(30));
        DeltaAssertions.AssertContiguousWholeIncreases(DeltaAssertions.DeltasOfPathA(sink));
    }

    [Fact]
    public async Task The_self_monitoring_collector_config_runs_two_receivers_into_one_pipeline_with_its_transforms()
    {
        await using var exporter = await SyntheticExporter.StartAsync();
        await using var sink = await OtlpSink.StartAsync();
        var config = $$"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: "127.0.0.1:{{FreePort()}}"
                  http:
                    endpoint: "127.0.0.1:{{FreePort()}}"
              prometheus:
                config:
                  scrape_configs:
                    - job_name: otel-selfmon
                      scrape_interval: 1s
                      static_configs:
                        - targets: ['{{exporter.Address}}']
                          labels:
                            k8s_pod_name: selfmon-pod
                            k8s_namespace_name: otel-ta
            processors:
              memory_limiter:
                check_interval: 1s
                limit_percentage: 80
                spike_limit_percentage: 20
              metric_start_time:
              cumulative_to_delta:
                max_staleness: 10m
              transform/selfmon_rename:
                metric_statements:
                  - statements:
                      - replace_all_patterns(resource.attributes, "key", "_", ".")
              transform:
                metric_statements:
                  - context: datapoint
                    statements:
                      - set(resource.attributes["k8s.pod.name"], attributes["k8s_pod_name"]) where attributes["k8s_pod_name"] != nil
                      - set(resource.attributes["k8s.namespace.name"], attributes["k8s_namespace_name"]) where attributes["k8s_namespace_name"] != nil
                  - context: resource
                    statements:
                      - delete_key(resource.attributes, "otel.scope.name")
            exporters:
              otlphttp/dynatrace:
                endpoint: "{{sink.Endpoint}}"
                sending_queue:
                  batch:
                    min_size: 1000
                    flush_timeout: 500ms
            service:
              pipelines:
                metrics:
                  receivers:
                    - otlp
                    - prometheus
                  processors:
                    - memory_limiter
                    - transform/selfmon_rename
                    - metric_start_time
                    - cumulative_to_delta
                    - transform
                  exporters:
                    - otlphttp/dynatrace
            """;
        await using var cluster = await RoleCluster.StartAsync(config, SiloRole.Scraper, SiloRole.Gateway);

        await Eventually.WaitAsync(() => DeltaAssertions.DeltasOfPathA(sink).Count >= 3, TimeSpan.FromSeconds(60), "deltas of the self-monitoring collector");
        await DeltaAssertions.WaitUntilContiguousAsync(sink, TimeSpan.FromSeconds(30));
        DeltaAssertions.AssertContiguousWholeIncreases(DeltaAssertions.DeltasOfPathA(sink));

        var resources = sink.Requests.SelectMany(r => r.ResourceMetrics)
            .Where(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics).Any(m => m.Name == "requests_total"))
            .Select(rm => rm.Resource).ToList();
        Assert.All(resources, r => Assert.Equal("selfmon-pod", Attribute(r.Attributes, "k8s.pod.name")));
        Assert.All(resources, r => Assert.Equal("otel-ta", Attribute(r.Attributes, "k8s.namespace.name")));
        Assert.All(resources, r => Assert.Equal("otel-selfmon", Attribute(r.Attributes, "service.name")));
    }
}
