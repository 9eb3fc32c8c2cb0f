using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Proto.Metrics.V1;

namespace OrleansScrape.Host.Tests;

/// <summary>
/// An OTLP metrics backend for self-telemetry tests on 127.0.0.1: OTLP/HTTP on one free port (any
/// path, gzip or plain protobuf) and OTLP/gRPC on another, keeping every request with its path and headers.
/// </summary>
internal sealed class SelfMetricsSink : IAsyncDisposable
{
    public sealed record Received(string Transport, string Path, IReadOnlyDictionary<string, string> Headers, ExportMetricsServiceRequest Request);

    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication? _app;
    private ListenOptions? _http;
    private ListenOptions? _grpc;

    public IReadOnlyCollection<Received> Requests => _received;

    public Uri HttpEndpoint => new($"http://127.0.0.1:{_http!.IPEndPoint!.Port}");

    public Uri GrpcEndpoint => new($"http://127.0.0.1:{_grpc!.IPEndPoint!.Port}");

    public static async Task<SelfMetricsSink> StartAsync()
    {
        var sink = new SelfMetricsSink();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => (sink._http = o).Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, o => (sink._grpc = o).Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(sink);
        var app = builder.Build();
        app.MapGrpcService<GrpcMetrics>();
        app.MapPost("/{**path}", sink.ReceiveHttpAsync);
        await app.StartAsync();
        sink._app = app;
        return sink;
    }

    /// <summary>The data points of a sum metric whose attribute <paramref name="key"/> is <paramref name="value"/>, in arrival order, with their metric.</summary>
    public IReadOnlyList<(Metric Metric, NumberDataPoint Point, Received From)> SumPoints(string metric, string key, string value) =>
        Requests.SelectMany(r => r.Request.ResourceMetrics.SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
                .Where(m => m.Name == metric && m.DataCase == Metric.DataOneofCase.Sum)
                .SelectMany(m => m.Sum.DataPoints.Where(p => p.Attributes.Any(a => a.Key == key && a.Value.StringValue == value)).Select(p => (m, p, r))))
            .ToList();

    public bool HasMetric(string metric) =>
        Requests.Any(r => r.Request.ResourceMetrics.SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics).Any(m => m.Name == metric));

    private async Task<IResult> ReceiveHttpAsync(HttpRequest request)
    {
        Stream body = request.Body;
        if (request.Headers.ContentEncoding == "gzip")
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new Received("http", request.Path.Value ?? "", headers, ExportMetricsServiceRequest.Parser.ParseFrom(buffer.ToArray())));
        return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), "application/x-protobuf");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed class GrpcMetrics(SelfMetricsSink sink) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in context.RequestHeaders.Where(h => !h.IsBinary))
            {
                headers[header.Key] = header.Value;
            }
            sink._received.Enqueue(new Received("grpc", context.Method, headers, request));
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
