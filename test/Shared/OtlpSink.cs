using System.Collections.Concurrent;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;

namespace OrleansScrape.Testing;

/// <summary>
/// An OTLP/HTTP metrics backend for tests: decodes every request body (gzip or plain protobuf)
/// and keeps the requests for assertions.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<ExportMetricsServiceRequest> _requests = new();
    private LoopbackServer? _server;

    public Uri Endpoint => _server!.BaseAddress;

    public IReadOnlyCollection<ExportMetricsServiceRequest> Requests => _requests;

    public ConcurrentQueue<string> ContentTypes { get; } = new();

    /// <summary>While set, every request is answered 503, as a backend in an outage.</summary>
    public volatile bool Unavailable;

    /// <summary>Requests answered 503.</summary>
    public int Refused => _refused;

    private int _refused;

    public static async Task<OtlpSink> StartAsync()
    {
        var sink = new OtlpSink();
        sink._server = await LoopbackServer.StartAsync(routes => routes.MapPost("/v1/metrics", sink.ReceiveAsync));
        return sink;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        if (Unavailable)
        {
            Interlocked.Increment(ref _refused);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        ContentTypes.Enqueue(request.ContentType ?? "");
        Stream body = request.Body;
        if (request.Headers.ContentEncoding == "gzip")
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        _requests.Enqueue(ExportMetricsServiceRequest.Parser.ParseFrom(buffer.ToArray()));
        return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), "application/x-protobuf");
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
