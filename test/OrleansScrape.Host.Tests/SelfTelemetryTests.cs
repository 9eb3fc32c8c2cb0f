using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MeterProvider = OpenTelemetry.Metrics.MeterProvider;
using MeterProviderExtensions = OpenTelemetry.Metrics.MeterProviderExtensions;
using OrleansScrape.Hosting.Telemetry;
using OrleansScrape.Otlp.Proto.Metrics.V1;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Host.Tests;

public sealed class SelfTelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Every test tags its measurements with its own exporter name: the OrleansScrape meter is shared by the whole test process.
    private static string UniqueExporter() => $"selftest-{Guid.NewGuid():N}";

    private static ServiceTelemetryOptions Pushing(Uri endpoint, OtlpSelfProtocol protocol, SelfMetricsTemporality temporality, SelfMetricsLevel level = SelfMetricsLevel.Normal) => new()
    {
        Metrics = new SelfMetricsOptions
        {
            Level = level,
            Readers =
            [
                new PeriodicReaderOptions
                {
                    // Long enough that the pushes the test makes (ForceFlush) are the ones that count.
                    Interval = TimeSpan.FromMinutes(10),
                    Exporter = new OtlpSelfExporterOptions
                    {
                        Protocol = protocol,
                        Endpoint = endpoint.ToString().TrimEnd('/'),
                        Headers = [new("Authorization", "Api-Token abc")],
                        Temporality = temporality,
                    },
                },
            ],
        },
    };

    private static async Task<IHost> StartAsync(ServiceTelemetryOptions options, string? instanceId = "test-silo")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddServiceTelemetry(options, instanceId);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    // Collects and exports through every reader at once; the result is false whatever the periodic reader did,
    // because the Prometheus reader of the silo's /metrics can only export within a scrape.
    private static void Flush(IHost host) =>
        MeterProviderExtensions.ForceFlush(host.Services.GetRequiredService<MeterProvider>(), (int)Patience.TotalMilliseconds);

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(SelfMetricsTemporality.Delta, AggregationTemporality.Delta, 7)]
    [InlineData(SelfMetricsTemporality.Cumulative, AggregationTemporality.Cumulative, 12)]
    public async Task PeriodicReader_OverHttp_PushesSumsInTheTemporalityAsked(SelfMetricsTemporality temporality, AggregationTemporality expected, long second)
    {
        await using var sink = await SelfMetricsSink.StartAsync();
        var host = await StartAsync(Pushing(sink.HttpEndpoint, OtlpSelfProtocol.HttpProtobuf, temporality));
        try
        {
            var exporter = UniqueExporter();
            IReadOnlyList<long> Values() => sink.SumPoints(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.ExporterTag, exporter).Select(p => p.Point.AsInt).ToList();

            ExporterTelemetry.RecordSent(exporter, 5);
            Flush(host);
            await WaitAsync(() => Values().Count >= 1, "the first push");
            ExporterTelemetry.RecordSent(exporter, 7);
            Flush(host);
            await WaitAsync(() => Values().Count >= 2, "the second push");

            // Delta: the second push carries the increment, not the total.
            Assert.Equal([5L, second], Values().Take(2));
            var points = sink.SumPoints(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.ExporterTag, exporter);
            Assert.All(points, p => Assert.Equal(expected, p.Metric.Sum.AggregationTemporality));
            Assert.All(points, p => Assert.True(p.Metric.Sum.IsMonotonic));
            var request = points[0].From;
            Assert.Equal("http", request.Transport);
            // The endpoint had no path: the exporter posted to /v1/metrics.
            Assert.Equal("/v1/metrics", request.Path);
            Assert.Equal("Api-Token abc", request.Headers["Authorization"]);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Fact]
    public async Task PeriodicReader_OverGrpc_Arrives()
    {
        await using var sink = await SelfMetricsSink.StartAsync();
        var host = await StartAsync(Pushing(sink.GrpcEndpoint, OtlpSelfProtocol.Grpc, SelfMetricsTemporality.Delta));
        try
        {
            var exporter = UniqueExporter();
            ExporterTelemetry.RecordSent(exporter, 3);
            Flush(host);
            await WaitAsync(() => sink.SumPoints(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.ExporterTag, exporter).Count > 0, "a push over gRPC");
            var (metric, point, from) = sink.SumPoints(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.ExporterTag, exporter)[0];
            Assert.Equal("grpc", from.Transport);
            Assert.Equal(3, point.AsInt);
            Assert.Equal(AggregationTemporality.Delta, metric.Sum.AggregationTemporality);
            Assert.Equal("Api-Token abc", from.Headers["authorization"]);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Fact]
    public async Task Resource_IsOnEveryPush()
    {
        await using var sink = await SelfMetricsSink.StartAsync();
        var options = Pushing(sink.HttpEndpoint, OtlpSelfProtocol.HttpProtobuf, SelfMetricsTemporality.Delta) with
        {
            Resource = new Dictionary<string, string?> { ["k8s.cluster.name"] = "my-cluster", ["k8s.pod.name"] = "pod-a" },
        };
        var host = await StartAsync(options, instanceId: "silo-7");
        try
        {
            var exporter = UniqueExporter();
            ExporterTelemetry.RecordSent(exporter, 1);
            Flush(host);
            await WaitAsync(() => sink.SumPoints(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.ExporterTag, exporter).Count > 0, "a push");
            var resource = sink.Requests.First().Request.ResourceMetrics.Single().Resource.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue);
            Assert.Equal("my-cluster", resource["k8s.cluster.name"]);
            Assert.Equal("pod-a", resource["k8s.pod.name"]);
            Assert.Equal("orleans-scrape", resource["service.name"]);
            Assert.Equal("silo-7", resource["service.instance.id"]);
            Assert.True(resource.ContainsKey("service.version"));
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Fact]
    public async Task LevelNone_PushesNothing()
    {
        await using var sink = await SelfMetricsSink.StartAsync();
        var host = await StartAsync(Pushing(sink.HttpEndpoint, OtlpSelfProtocol.HttpProtobuf, SelfMetricsTemporality.Delta, SelfMetricsLevel.None));
        try
        {
            ExporterTelemetry.RecordSent(UniqueExporter(), 5);
            // A flush exports synchronously through every reader there is: at level none there is none that pushes.
            Flush(host);
            Assert.Empty(sink.Requests);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Theory]
    [InlineData(SelfMetricsLevel.Basic, false)]
    [InlineData(SelfMetricsLevel.Normal, true)]
    public async Task LevelBasic_DropsNormalLevelInstruments(SelfMetricsLevel level, bool rejectedPushed)
    {
        await using var sink = await SelfMetricsSink.StartAsync();
        var host = await StartAsync(Pushing(sink.HttpEndpoint, OtlpSelfProtocol.HttpProtobuf, SelfMetricsTemporality.Delta, level));
        try
        {
            var exporter = UniqueExporter();
            ExporterTelemetry.RecordSent(exporter, 2);
            ExporterTelemetry.RecordRejected(exporter, 4);
            Flush(host);
            await WaitAsync(() => sink.SumPoints(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.ExporterTag, exporter).Count > 0, "the basic instrument");
            // Both were recorded before the same collection: the normal-level one is there exactly when the level keeps it.
            Assert.Equal(rejectedPushed, sink.SumPoints(ExporterTelemetry.RejectedMetricPointsName, ExporterTelemetry.ExporterTag, exporter).Count > 0);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Fact]
    public async Task PullReader_ServesMetricsOnItsOwnPort()
    {
        var options = new ServiceTelemetryOptions
        {
            Metrics = new SelfMetricsOptions
            {
                Readers =
                [
                    new PrometheusPullReaderOptions { Host = "127.0.0.1", Port = 0 },
                    new PrometheusPullReaderOptions { Host = "127.0.0.1", Port = 0, WithoutTypeSuffix = true, WithoutUnits = true },
                ],
            },
        };
        var host = await StartAsync(options);
        try
        {
            var ports = host.Services.GetRequiredService<SelfMetricsPullServers>().Ports;
            Assert.Equal(2, ports.Count);
            Assert.NotEqual(ports[0], ports[1]);
            var exporter = UniqueExporter();
            ExporterTelemetry.RecordSent(exporter, 9);
            using var client = new HttpClient { Timeout = Patience };

            var classic = await client.GetStringAsync(new Uri($"http://127.0.0.1:{ports[0]}/metrics"));
            var line = Assert.Single(classic.Split('\n'), l => l.Contains(exporter, StringComparison.Ordinal) && !l.StartsWith('#'));
            Assert.StartsWith("otelcol_exporter_sent_metric_points_total{", line);
            Assert.Equal("9", SampleValue(line));
            // The resource is there too, as target_info.
            Assert.Contains(classic.Split('\n'), l => l.StartsWith("target_info{", StringComparison.Ordinal) && l.Contains("service_name=\"orleans-scrape\"", StringComparison.Ordinal));

            var bare = await client.GetStringAsync(new Uri($"http://127.0.0.1:{ports[1]}/metrics"));
            Assert.Contains(bare.Split('\n'), l => l.StartsWith("otelcol_exporter_sent_metric_points{", StringComparison.Ordinal) && l.Contains(exporter, StringComparison.Ordinal));
            Assert.DoesNotContain("otelcol_exporter_sent_metric_points_total", bare);

            using var other = await client.GetAsync(new Uri($"http://127.0.0.1:{ports[0]}/other"));
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Theory]
    [InlineData(SelfMetricsLevel.None, false)]
    [InlineData(SelfMetricsLevel.Normal, true)]
    public async Task SilosOwnMetricsEndpoint_FollowsTheLevel(SelfMetricsLevel level, bool served)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseUrls(builder.WebHost, "http://127.0.0.1:0");
        builder.Services.AddServiceTelemetry(new ServiceTelemetryOptions { Metrics = new SelfMetricsOptions { Level = level } });
        await using var app = builder.Build();
        Microsoft.AspNetCore.Builder.PrometheusExporterEndpointRouteBuilderExtensions.MapPrometheusScrapingEndpoint(app, "/metrics");
        await app.StartAsync();
        try
        {
            var exporter = UniqueExporter();
            ExporterTelemetry.RecordSent(exporter, 4);
            using var client = new HttpClient { Timeout = Patience };
            var body = await client.GetStringAsync(new Uri(app.Urls.First() + "/metrics"));
            if (served)
            {
                Assert.Contains(body.Split('\n'), l => l.Contains(exporter, StringComparison.Ordinal) && SampleValue(l) == "4");
            }
            else
            {
                Assert.Equal("", body);
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }

    // The value of a sample line: name{labels} value [timestamp].
    private static string SampleValue(string line) =>
        line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];

    [Fact]
    public void Levels_KeepTheirMetersAndInstruments()
    {
        Assert.Empty(SelfMetricsLevels.MetersOf(SelfMetricsLevel.None));
        Assert.Equal([OrleansScrapeMeter.MeterName], SelfMetricsLevels.MetersOf(SelfMetricsLevel.Basic));
        Assert.Equal([OrleansScrapeMeter.MeterName], SelfMetricsLevels.MetersOf(SelfMetricsLevel.Normal));
        Assert.Equal([OrleansScrapeMeter.MeterName, "Microsoft.Orleans", "System.Runtime"], SelfMetricsLevels.MetersOf(SelfMetricsLevel.Detailed));

        Assert.True(SelfMetricsLevels.Keeps(SelfMetricsLevel.Basic, OrleansScrapeMeter.MeterName, "otelcol_receiver_accepted_metric_points"));
        Assert.True(SelfMetricsLevels.Keeps(SelfMetricsLevel.Basic, OrleansScrapeMeter.MeterName, "otelcol_exporter_queue_size"));
        Assert.False(SelfMetricsLevels.Keeps(SelfMetricsLevel.Basic, OrleansScrapeMeter.MeterName, "otelcol_processor_incoming_items"));
        Assert.False(SelfMetricsLevels.Keeps(SelfMetricsLevel.Basic, OrleansScrapeMeter.MeterName, "opentelemetry_allocator_targets"));
        Assert.True(SelfMetricsLevels.Keeps(SelfMetricsLevel.Normal, OrleansScrapeMeter.MeterName, "opentelemetry_allocator_targets"));
        Assert.False(SelfMetricsLevels.Keeps(SelfMetricsLevel.Normal, "Microsoft.Orleans", "orleans-grains"));
        Assert.True(SelfMetricsLevels.Keeps(SelfMetricsLevel.Detailed, "Microsoft.Orleans", "orleans-grains"));
        Assert.False(SelfMetricsLevels.Keeps(SelfMetricsLevel.None, OrleansScrapeMeter.MeterName, "otelcol_exporter_sent_metric_points"));
        Assert.True(SelfMetricsLevels.Keeps(SelfMetricsLevel.None, "Someone.Else", "anything"));
    }

    [Theory]
    [InlineData(LogLevel.Debug, true)]
    [InlineData(LogLevel.Information, false)]
    public void LogsLevel_SetsTheMinimumOfOrleansScrapeCategories(LogLevel level, bool debugEnabled)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddProvider(new EverythingProvider());
            SelfTelemetry.ConfigureLogging(logging, new ServiceTelemetryOptions { Logs = new SelfLogsOptions { Level = level } });
        });
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ILoggerFactory>();
        Assert.Equal(debugEnabled, factory.CreateLogger("OrleansScrape.Grains.Discovery").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Orleans.Runtime").IsEnabled(LogLevel.Debug));
    }

    /// <summary>A provider whose loggers take every level, so only the filter rules decide.</summary>
    private sealed class EverythingProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
