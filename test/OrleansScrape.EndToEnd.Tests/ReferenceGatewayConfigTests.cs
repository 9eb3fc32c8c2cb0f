using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using Metric = OrleansScrape.Otlp.Proto.Metrics.V1.Metric;
using AggregationTemporality = OrleansScrape.Otlp.Proto.Metrics.V1.AggregationTemporality;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// A gateway configuration in the shape users run today (the reference set's tier-2 gateway: current
/// component names, an empty <c>metric_start_time:</c>, k8s_attributes, transform renames,
/// <c>sending_queue.batch</c>, <c>health_check</c>, <c>service.telemetry</c> pushing delta self-metrics, an
/// unused debug exporter), loaded unchanged and run: OTLP in, exact deltas out with the renames,
/// the health check answering, and self-metrics arriving as delta OTLP at a second sink.
/// </summary>
[Collection(nameof(SchedulingSensitive))]
public sealed class ReferenceGatewayConfigTests
{
    private const string ClusterVariable = "ORLEANS_SCRAPE_TEST_REFERENCE_CLUSTER";

    private static string Config(int grpcPort, int httpPort, int healthPort, Uri sink, Uri selfSink) => $$"""
        extensions:
          health_check:
            endpoint: "127.0.0.1:{{healthPort}}"
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: "${env:ORLEANS_SCRAPE_TEST_UNSET_POD_IP}127.0.0.1:{{grpcPort}}"
              http:
                endpoint: "127.0.0.1:{{httpPort}}"
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 95
            spike_limit_percentage: 5
          metric_start_time:
          cumulative_to_delta:
            max_staleness: 10m
            initial_value: drop
          k8s_attributes:
            extract:
              annotations:
                - from: pod
                  key_regex: metadata.dynatrace.com/(.*)
                  tag_name: $$1
              metadata:
                - k8s.pod.name
                - k8s.namespace.name
            pod_association:
              - sources:
                  - from: resource_attribute
                    name: k8s.pod.name
                  - from: resource_attribute
                    name: k8s.namespace.name
              - sources:
                  - from: connection
          transform:
            metric_statements:
              - context: datapoint
                statements:
                  - set(attributes["http.request.method"], attributes["http_request_method"]) where attributes["http_request_method"] != nil
                  - delete_key(attributes, "http_request_method")
              - context: resource
                statements:
                  - set(attributes["k8s.cluster.name"], "${env:{{ClusterVariable}}}") where attributes["k8s.cluster.name"] == nil and Len("${env:{{ClusterVariable}}}") > 0
        exporters:
          debug:
            verbosity: basic
          otlp_http:
            endpoint: {{sink}}
            headers:
              Authorization: "Api-Token reference-token"
            sending_queue:
              batch:
                min_size: 1
                max_size: 5000
                flush_timeout: 200ms
        service:
          extensions:
            - health_check
          pipelines:
            metrics:
              receivers:
                - otlp
              processors:
                - memory_limiter
                - metric_start_time
                - cumulative_to_delta
                - k8s_attributes
                - transform
              exporters:
                - otlp_http
          telemetry:
            resource:
              k8s.cluster.name: "${env:{{ClusterVariable}}}"
            metrics:
              level: normal
              readers:
                - periodic:
                    interval: 500
                    timeout: 5000
                    exporter:
                      otlp:
                        protocol: http/protobuf
                        temporality_preference: delta
                        endpoint: {{selfSink.ToString().TrimEnd('/')}}
        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Attribute(Google.Protobuf.Collections.RepeatedField<OrleansScrape.Otlp.Proto.Common.V1.KeyValue> attributes, string key) =>
        attributes.SingleOrDefault(a => a.Key == key)?.Value.StringValue ?? "";

    private static IEnumerable<(ResourceMetrics Resource, Metric Metric)> Metrics(OtlpSink sink, string name) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics)
            .SelectMany(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics.Where(m => m.Name == name).Select(m => (rm, m))));

    [Fact]
    public async Task The_reference_gateway_config_loads_unchanged_and_runs()
    {
        Environment.SetEnvironmentVariable(ClusterVariable, "reference-cluster");
        await using var sink = await OtlpSink.StartAsync();
        await using var selfSink = await OtlpSink.StartAsync();
        var (grpcPort, httpPort, healthPort) = (FreePort(), FreePort(), FreePort());
        var config = Config(grpcPort, httpPort, healthPort, sink.Endpoint, selfSink.Endpoint);

        var settings = OrleansScrape.Hosting.Configuration.OrleansScrapeConfigReader.Read(config, "tier2-gateway.yaml");
        Assert.Contains(settings.Warnings, w => w.Message.Contains("exporters.debug"));
        Assert.Contains(settings.Warnings, w => w.Message.Contains("ORLEANS_SCRAPE_TEST_UNSET_POD_IP is not set"));

        await using var cluster = await RoleCluster.StartAsync(config, SiloRole.All);

        using var http = new HttpClient();
        var health = await http.GetAsync($"http://127.0.0.1:{healthPort}/");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("Server available", await health.Content.ReadAsStringAsync());

        var meterName = "OrleansScrape.E2E.Reference." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("http.server.requests");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("reference-app"))
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri($"http://127.0.0.1:{grpcPort}");
                exporter.Protocol = OtlpExportProtocol.Grpc;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build())
        {
            foreach (var increment in new long[] { 5, 7, 11, 13 })
            {
                counter.Add(increment, new KeyValuePair<string, object?>("http_request_method", "GET"));
                Assert.True(provider.ForceFlush(30_000), "ForceFlush");
            }
        }

        await Eventually.WaitAsync(() => Metrics(sink, "http.server.requests").SelectMany(x => x.Metric.Sum.DataPoints).Count() >= 3,
            TimeSpan.FromSeconds(30), "three deltas of http.server.requests at the sink");
        var sums = Metrics(sink, "http.server.requests").ToList();
        var deltas = sums.SelectMany(x => x.Metric.Sum.DataPoints).OrderBy(p => p.TimeUnixNano).ToList();
        // initial_value: drop keeps the first cumulative value (5) as the baseline only.
        // (The SDK flushes once more as it is disposed: the same total again, a delta of 0.)
        Assert.Equal([7.0, 11.0, 13.0], deltas.Take(3).Select(p => (double)p.AsInt + p.AsDouble));
        Assert.All(deltas.Skip(3), p => Assert.Equal(0.0, (double)p.AsInt + p.AsDouble));
        Assert.All(sums, x => Assert.Equal(AggregationTemporality.Delta, x.Metric.Sum.AggregationTemporality));
        Assert.All(deltas, p => Assert.Equal("GET", Attribute(p.Attributes, "http.request.method")));
        Assert.All(deltas, p => Assert.DoesNotContain(p.Attributes, a => a.Key == "http_request_method"));
        Assert.All(sums, x => Assert.Equal("reference-cluster", Attribute(x.Resource.Resource.Attributes, "k8s.cluster.name")));

        // service.telemetry: the silo's own metrics are pushed as delta sums with the configured resource.
        // Deltas add up to the five points the SDK sent (four flushes and the one at its disposal);
        // cumulative pushes would add up to more.
        double AcceptedFromOtlp() => Metrics(selfSink, "otelcol_receiver_accepted_metric_points")
            .SelectMany(x => x.Metric.Sum.DataPoints).Where(p => Attribute(p.Attributes, "receiver") == "otlp").Sum(p => (double)p.AsInt + p.AsDouble);
        try
        {
            await Eventually.WaitAsync(() => AcceptedFromOtlp() >= 5, TimeSpan.FromSeconds(30), "self-metrics counting the five accepted points at the second sink");
        }
        catch (TimeoutException e)
        {
            var seen = selfSink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
                .Where(m => m.Name.StartsWith("otelcol_receiver", StringComparison.Ordinal))
                .Select(m => $"{m.Name}[{string.Join(";", (m.Sum?.DataPoints ?? []).Select(p => string.Join(",", p.Attributes.Select(a => a.Key + "=" + a.Value.StringValue)) + "=" + (p.AsInt + p.AsDouble)))}]");
            throw new TimeoutException($"{e.Message}; the second sink has {selfSink.Requests.Count} requests: {string.Join(" ", seen.Distinct().Take(20))}", e);
        }
        await Task.Delay(1500);
        var accepted = Metrics(selfSink, "otelcol_receiver_accepted_metric_points").ToList();
        Assert.All(accepted, x => Assert.Equal(AggregationTemporality.Delta, x.Metric.Sum.AggregationTemporality));
        Assert.Equal("reference-cluster", Attribute(accepted[0].Resource.Resource.Attributes, "k8s.cluster.name"));
        Assert.Equal(5.0, AcceptedFromOtlp());
    }
}
