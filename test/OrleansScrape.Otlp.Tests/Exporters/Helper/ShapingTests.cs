using Grpc.Core;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Exporters.OtlpGrpc;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Tests.Support;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Tests.Exporters.Helper;

/// <summary>Requests fitted to the backend's limits by the sender, for every OTLP exporter, before its transport.</summary>
public class ShapingTests
{
    [Fact]
    public async Task Requests_are_split_at_max_points_per_request()
    {
        var exporter = new RecordingExporter("limited");
        var sender = new ExporterSender(exporter, SenderOptions.Fast(), new BackendLimits { MaxPointsPerRequest = 25 });

        await sender.EnqueueAsync([TestBatches.Gauge("a", 10), TestBatches.Gauge("b", 60, firstValue: 10), TestBatches.Gauge("c", 30, firstValue: 70)], CancellationToken.None);
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal([25, 25, 25, 25], exporter.Calls.Select(call => call.PointCount));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), TestBatches.Values(exporter.Calls.SelectMany(call => call.Batches)));
        Assert.Equal(100, sender.SentPoints);
    }

    [Fact]
    public async Task The_grpc_exporter_splits_requests_at_max_request_bytes_too()
    {
        await using var sink = await GrpcSink.StartAsync();
        var batches = new[] { TestBatches.Gauge("a", 400) };
        var limit = OtlpRequestSize.Of(batches) / 4;
        await using var sender = GrpcSender(sink, $"max_request_bytes: {limit}");
        sender.Start();

        Assert.True(await await sender.EnqueueAsync(batches, CancellationToken.None));

        Assert.True(sink.Requests.Count >= 4, $"{sink.Requests.Count} requests");
        Assert.All(sink.Requests, request => Assert.True(request.CalculateSize() <= limit, $"{request.CalculateSize()} > {limit} bytes"));
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (double)i), Values(sink.Requests));
    }

    [Fact]
    public async Task A_retry_sends_only_the_parts_the_grpc_backend_did_not_take()
    {
        // The third part fails once: its retry must not send the first two again.
        await using var sink = await GrpcSink.StartAsync(call => call == 3 ? StatusCode.Unavailable : null);
        var batches = new[] { TestBatches.Gauge("a", 400) };
        await using var sender = GrpcSender(sink, $"max_request_bytes: {OtlpRequestSize.Of(batches) / 4}");
        sender.Start();

        Assert.True(await await sender.EnqueueAsync(batches, CancellationToken.None));

        Assert.Equal(sink.Requests.Count + 1, sink.Calls);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (double)i), Values(sink.Requests));
    }

    [Fact]
    public async Task The_grpc_exporter_cuts_attributes_and_sends_summaries_as_gauges_with_the_dynatrace_preset()
    {
        await using var sink = await GrpcSink.StartAsync();
        await using var sender = GrpcSender(sink, "preset: dynatrace");
        sender.Start();
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "s")]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("rpc_seconds", "", "s", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
        builder.AddSummaryPoint(0, 5, 10, 2.5, DataPointFlags.None, [new QuantileValue(0.5, 0.2)],
            Enumerable.Range(0, 60).Select(i => new ModelAttribute($"k{i:000}", "v")).ToArray());

        Assert.True(await await sender.EnqueueAsync([builder.Build()], CancellationToken.None));

        var metrics = Assert.Single(sink.Requests).ResourceMetrics.Single().ScopeMetrics.Single().Metrics;
        Assert.Equal(["rpc_seconds", "rpc_seconds_sum", "rpc_seconds_count"], metrics.Select(m => m.Name));
        Assert.All(metrics, m => Assert.Equal(50, m.Gauge.DataPoints.Single().Attributes.Count));
    }

    [Fact]
    public async Task A_retry_sends_only_the_parts_the_http_backend_did_not_take()
    {
        var calls = 0;
        await using var sink = await OtlpSink.StartAsync(context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 3 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        var batches = new[] { TestBatches.Gauge("a", 400) };
        var limit = OtlpRequestSize.Of(batches) / 4;
        var config = ReadConfig(new OtlpHttpExporterFactory(), $"endpoint: {sink.BaseUri}\ncompression: none\nmax_request_bytes: {limit}\nretry_on_failure:\n  initial_interval: 10ms\n  randomization_factor: 0");
        using var http = new HttpClient();
        await using var sender = ExporterSender.Create(new OtlpHttpExporterFactory(), "otlp_http", config, new ExporterServices { HttpClient = () => http });
        sender.Start();

        Assert.True(await await sender.EnqueueAsync(batches, CancellationToken.None));

        var delivered = sink.Requests.Where((_, index) => index != 2).Select(r => r.DecodeBody()).ToList();
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (double)i), Values(delivered));
        Assert.All(sink.Requests, r => Assert.True(r.Body.Length <= limit));
    }

    private static ExporterSender GrpcSender(GrpcSink sink, string limits)
    {
        var factory = new OtlpGrpcExporterFactory();
        var config = ReadConfig(factory, $"endpoint: {sink.Endpoint}\ncompression: none\n{limits}\nretry_on_failure:\n  initial_interval: 10ms\n  randomization_factor: 0");
        return ExporterSender.Create(factory, "otlp_grpc", config, new ExporterServices { HttpClient = () => throw new InvalidOperationException("gRPC has its own channel") });
    }

    private static object ReadConfig(IExporterFactory factory, string yaml) => factory.ReadOptions(YamlDocument.Load(yaml, "config.yaml"));

    private static List<double> Values(IEnumerable<ExportMetricsServiceRequest> requests) =>
        requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .SelectMany(m => m.Gauge.DataPoints).Select(p => p.AsDouble).ToList();
}
