using OrleansScrape.Configuration;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Hosting;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Hosting.OtlpReceiver;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using Metric = OrleansScrape.Otlp.Proto.Metrics.V1.Metric;
using AggregationTemporality = OrleansScrape.Otlp.Proto.Metrics.V1.AggregationTemporality;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The OTLP receiver of gateway silos with the OpenTelemetry .NET SDK as the real sender: its
/// cumulative counter, histogram and exponential histogram leave the cluster as deltas, its resource intact.
/// </summary>
public sealed class OtlpReceiverTests
{
    private static readonly double[] Increments = [5, 7, 11, 13];

    // A gateway tier that only receives OTLP, as the Collector config of the seed's gateways does.
    private static string Config(Uri sink, int grpcPort, int httpPort) => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:{{grpcPort}}
              http:
                endpoint: 127.0.0.1:{{httpPort}}
        processors:
          cumulativetodelta: {}
          batch:
            timeout: 200ms
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp]
        """;

    private sealed class Cluster(RoleCluster inner, int grpcPort, int httpPort) : IAsyncDisposable
    {
        public RoleCluster Inner { get; } = inner;
        public int GrpcPort { get; } = grpcPort;
        public int HttpPort { get; } = httpPort;
        public IReadOnlyDictionary<string, string> Roles => Inner.Roles;

        public OtlpReceiverServer Server(string role) => Inner.SiloService<OtlpReceiverServer>(Roles.Single(r => r.Value == role).Key);

        public ValueTask DisposeAsync() => Inner.DisposeAsync();
    }

    /// <summary>A <see cref="RoleCluster"/> whose configuration names the OTLP receiver (only gateway silos open it).</summary>
    private static async Task<Cluster> StartAsync(Uri sink, params string[] roles)
    {
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        return new Cluster(await RoleCluster.StartAsync(Config(sink, grpcPort, httpPort), roles), grpcPort, httpPort);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IEnumerable<(ResourceMetrics Resource, Metric Metric)> Metrics(OtlpSink sink, string name) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics)
            .SelectMany(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics.Where(m => m.Name == name).Select(m => (rm, m))));

    private static string Describe(OtlpSink sink) => string.Join("; ", sink.Requests.SelectMany(r => r.ResourceMetrics)
        .SelectMany(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics))
        .Select(m => $"{m.Name} {m.DataCase} {m.Sum?.DataPoints.Count}{m.Histogram?.DataPoints.Count}"));

    private static string Attribute(Google.Protobuf.Collections.RepeatedField<OrleansScrape.Otlp.Proto.Common.V1.KeyValue> attributes, string key) =>
        attributes.SingleOrDefault(a => a.Key == key)?.Value.StringValue ?? "";

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task SdkCumulativeCounter_LeavesAsDeltas_WithItsResource(OtlpExportProtocol protocol)
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await StartAsync(sink.Endpoint, SiloRole.Scraper, SiloRole.Gateway);
        Assert.True(cluster.Server(SiloRole.Gateway).IsListening);
        Assert.False(cluster.Server(SiloRole.Scraper).IsListening);

        var meterName = "OrleansScrape.E2E.Sdk." + Guid.NewGuid().ToString("N");
        var instance = Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName, "3.2.1");
        var counter = meter.CreateCounter<long>("sdk.requests", "{requests}");
        var histogram = meter.CreateHistogram<double>("sdk.latency", "ms");
        var endpoint = protocol == OtlpExportProtocol.Grpc
            ? new Uri($"http://127.0.0.1:{cluster.GrpcPort}")
            : new Uri($"http://127.0.0.1:{cluster.HttpPort}/v1/metrics");
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("otlp-e2e", serviceVersion: "9.9", serviceInstanceId: instance).AddTelemetrySdk()
                .AddAttributes([new("replica", 3L), new("canary", true)]))
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = protocol;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build();

        var transport = protocol == OtlpExportProtocol.Grpc ? "grpc" : "http";
        long accepted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == "OrleansScrape" && i.Name == "otelcol_receiver_accepted_metric_points")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>(tags.ToArray());
            if (Equals(tagged.GetValueOrDefault("receiver"), "otlp") && Equals(tagged.GetValueOrDefault("transport"), transport))
            {
                Interlocked.Add(ref accepted, value);
            }
        });
        listener.Start();
        foreach (var increment in Increments)
        {
            counter.Add((long)increment, new KeyValuePair<string, object?>("path", "/a"));
            histogram.Record(increment, new KeyValuePair<string, object?>("path", "/a"));
            // The receiver answers once the series grain took the batch, so a true flush means it arrived.
            Assert.True(provider.ForceFlush(30_000), "ForceFlush");
        }

        try
        {
            await Eventually.WaitAsync(() => Metrics(sink, "sdk.requests").SelectMany(x => x.Metric.Sum.DataPoints).Count() >= Increments.Length - 1
                    && Metrics(sink, "sdk.latency").SelectMany(x => x.Metric.Histogram.DataPoints).Count() >= Increments.Length - 1,
                TimeSpan.FromSeconds(30), "the SDK's counter deltas and histograms at the sink");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the sink has: {Describe(sink)}", e);
        }
        await Task.Delay(500);

        var sums = Metrics(sink, "sdk.requests").ToList();
        Assert.All(sums, x =>
        {
            Assert.Equal(Metric.DataOneofCase.Sum, x.Metric.DataCase);
            Assert.Equal(AggregationTemporality.Delta, x.Metric.Sum.AggregationTemporality);
            Assert.True(x.Metric.Sum.IsMonotonic);
            Assert.Equal("{requests}", x.Metric.Unit);
        });
        var deltas = sums.SelectMany(x => x.Metric.Sum.DataPoints).OrderBy(p => p.TimeUnixNano).ToList();
        // cumulativetodelta's auto mode keeps a first point only when its series started after the
        // processor did. The SDK's start time is the MeterProvider's creation, before the first export
        // activated the series grain and its processor: the first cumulative value (5) is dropped.
        Assert.Equal(Increments.Skip(1), deltas.Select(p => p.AsDouble));
        Assert.All(deltas, p => Assert.Equal("/a", Attribute(p.Attributes, "path")));
        for (var i = 1; i < deltas.Count; i++)
        {
            Assert.Equal(deltas[i - 1].TimeUnixNano, deltas[i].StartTimeUnixNano);
        }

        // Histograms: cumulativetodelta converts them as the Collector's does (first point dropped the same way).
        var histogramMetrics = Metrics(sink, "sdk.latency").ToList();
        var histograms = histogramMetrics.SelectMany(x => x.Metric.Histogram.DataPoints).OrderBy(p => p.TimeUnixNano).ToList();
        Assert.Equal(AggregationTemporality.Delta, histogramMetrics.Select(x => x.Metric.Histogram.AggregationTemporality).Distinct().Single());
        Assert.Equal([1UL, 1UL, 1UL], histograms.Select(p => p.Count));
        Assert.Equal(Increments.Skip(1), histograms.Select(p => p.Sum));
        Assert.All(histograms, p => Assert.Equal(p.ExplicitBounds.Count + 1, p.BucketCounts.Count));
        Assert.All(histograms, p => Assert.Equal(p.Count, p.BucketCounts.Aggregate(0UL, (a, b) => a + b)));

        // Self-monitoring: every point the SDK sent (a counter and a histogram point per flush) was accepted.
        Assert.Equal(2 * Increments.Length, Interlocked.Read(ref accepted));

        var (resource, metric) = sums[0];
        Assert.Equal("otlp-e2e", Attribute(resource.Resource.Attributes, "service.name"));
        Assert.Equal("9.9", Attribute(resource.Resource.Attributes, "service.version"));
        Assert.Equal(instance, Attribute(resource.Resource.Attributes, "service.instance.id"));
        Assert.Equal("opentelemetry", Attribute(resource.Resource.Attributes, "telemetry.sdk.name"));
        Assert.Equal("dotnet", Attribute(resource.Resource.Attributes, "telemetry.sdk.language"));
        // The model is string-valued: the SDK's int and bool attributes arrive as their string form.
        Assert.Equal(("3", "true"), (Attribute(resource.Resource.Attributes, "replica"), Attribute(resource.Resource.Attributes, "canary")));
        var scope = sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).First(sm => sm.Metrics.Contains(metric)).Scope;
        Assert.Equal((meterName, "3.2.1"), (scope.Name, scope.Version));

        var gateway = cluster.Roles.Single(r => r.Value == SiloRole.Gateway).Key;
        var scraper = cluster.Roles.Single(r => r.Value == SiloRole.Scraper).Key;
        Assert.True(cluster.Inner.SiloService<OrleansScrape.Hosting.Runtime.PipelineRuntime>(gateway).SentPoints > 0);
        Assert.Equal(0, cluster.Inner.SiloService<OrleansScrape.Hosting.Runtime.PipelineRuntime>(scraper).SentPoints);
    }

    [Fact]
    public async Task SdkExponentialHistogram_LeavesAsDeltas()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await StartAsync(sink.Endpoint, SiloRole.All);
        var meterName = "OrleansScrape.E2E.Exponential." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName, "1.0");
        var histogram = meter.CreateHistogram<double>("sdk.exp.latency", "ms");
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("otlp-e2e-exp"))
            .AddMeter(meterName)
            .AddView("sdk.exp.latency", new Base2ExponentialBucketHistogramConfiguration())
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri($"http://127.0.0.1:{cluster.GrpcPort}");
                exporter.Protocol = OtlpExportProtocol.Grpc;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build();

        // The first value alone keeps the SDK at its finest scale; the wider range after it makes the
        // SDK lower the scale, so the processor subtracts across a scale change.
        double[] values = [1.5, 3, 3, 700];
        foreach (var value in values)
        {
            histogram.Record(value, new KeyValuePair<string, object?>("path", "/a"));
            Assert.True(provider.ForceFlush(30_000), "ForceFlush");
        }

        await Eventually.WaitAsync(() => Metrics(sink, "sdk.exp.latency").SelectMany(x => x.Metric.ExponentialHistogram.DataPoints).Count() >= values.Length - 1,
            TimeSpan.FromSeconds(30), "the SDK's exponential histogram deltas at the sink");
        var metrics = Metrics(sink, "sdk.exp.latency").ToList();
        Assert.All(metrics, x => Assert.Equal(Metric.DataOneofCase.ExponentialHistogram, x.Metric.DataCase));
        Assert.Equal(AggregationTemporality.Delta, metrics.Select(x => x.Metric.ExponentialHistogram.AggregationTemporality).Distinct().Single());
        var points = metrics.SelectMany(x => x.Metric.ExponentialHistogram.DataPoints).OrderBy(p => p.TimeUnixNano).ToList();
        // As for explicit histograms, the first cumulative point only becomes the baseline.
        Assert.Equal([1UL, 1UL, 1UL], points.Select(p => p.Count));
        Assert.Equal(values.Skip(1), points.Select(p => p.Sum));
        Assert.All(points, p => Assert.Equal(p.Count, p.ZeroCount + p.Positive.BucketCounts.Aggregate(0UL, (a, b) => a + b)));
        Assert.All(points, p => Assert.False(p.HasMin || p.HasMax));
        Assert.All(points, p => Assert.Equal("/a", Attribute(p.Attributes, "path")));
        for (var i = 1; i < points.Count; i++)
        {
            Assert.Equal(points[i - 1].TimeUnixNano, points[i].StartTimeUnixNano);
        }
        Assert.True(points[^1].Scale < points[0].Scale, $"scales {string.Join(',', points.Select(p => p.Scale))}");
    }

    [Fact]
    public async Task HttpEndpoint_AcceptsOtlpJson_AndRefusesOtherContentTypes()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await StartAsync(sink.Endpoint, SiloRole.All);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.HttpPort}") };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var json = $$$"""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-e2e"}}]},
              "scopeMetrics":[{"scope":{"name":"s"},"metrics":[{"name":"json.gauge","gauge":{"dataPoints":[{"timeUnixNano":"{{{now}}}","asDouble":2.5}]}},
                {"name":"json.exp","exponentialHistogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"{{{now}}}","count":"1","scale":99}]}}]}]}]}
            """;

        var accepted = await http.PostAsync("/v1/metrics", new StringContent(json, Encoding.UTF8, "application/json"));
        var refused = await http.PostAsync("/v1/metrics", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("application/json", accepted.Content.Headers.ContentType?.MediaType);
        var response = Google.Protobuf.JsonParser.Default.Parse<OrleansScrape.Otlp.Proto.Collector.Metrics.V1.ExportMetricsServiceResponse>(await accepted.Content.ReadAsStringAsync());
        Assert.Equal(1, response.PartialSuccess.RejectedDataPoints);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        await Eventually.WaitAsync(() => Metrics(sink, "json.gauge").Any(), TimeSpan.FromSeconds(30), "the JSON gauge at the sink");
        Assert.Equal(2.5, Metrics(sink, "json.gauge").Single().Metric.Gauge.DataPoints.Single().AsDouble);
    }

    [Fact]
    public void ConfigReader_ReadsTheCollectorShape_AndRefusesUnknownKeys()
    {
        static OtlpReceiverOptions Read(string yaml) =>
            new OtlpReceiverFactory().ReadTyped(YamlDocument.Load(yaml, "otlp.yaml").GetMapping("otlp")!);

        var both = Read("""
            otlp:
              protocols:
                grpc:
                  endpoint: 0.0.0.0:14317
                http:
                  endpoint: "[::]:14318"
            """);
        Assert.Equal(("0.0.0.0:14317", "[::]:14318"), (both.GrpcEndpoint, both.HttpEndpoint));

        var grpcOnly = Read("""
            otlp:
              protocols:
                grpc:
            """);
        Assert.Equal((OtlpReceiverOptions.DefaultGrpcEndpoint, (string?)null), (grpcOnly.GrpcEndpoint, grpcOnly.HttpEndpoint));

        var unknown = Assert.Throws<ConfigException>(() => Read("""
            otlp:
              protocols:
                http:
                  endpoint: 0.0.0.0:4318
                  cors: {}
            """));
        Assert.Contains("unknown key \"cors\"", unknown.Message);
        Assert.Contains("otlp.yaml:5:", unknown.Message);
        Assert.Throws<ConfigException>(() => Read("otlp:\n  protocols:\n    thrift: {}\n"));
        Assert.Throws<ConfigException>(() => Read("otlp:\n  protocols: {}\n"));
        Assert.Throws<ConfigException>(() => Read("otlp:\n  protocols:\n    grpc:\n      endpoint: nohost\n"));
        Assert.Throws<ConfigException>(() => Read("otlp:\n  protocols:\n    grpc:\n      endpoint: ':4317'\n    http:\n      endpoint: ':4317'\n"));
    }
}
