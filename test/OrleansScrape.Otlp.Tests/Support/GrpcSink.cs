using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;

namespace OrleansScrape.Otlp.Tests.Support;

/// <summary>A real gRPC server (HTTP/2 without TLS) on a free loopback port that records the OTLP export calls it receives.</summary>
internal sealed class GrpcSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Recorder _recorder;

    private GrpcSink(WebApplication app, Recorder recorder)
    {
        _app = app;
        _recorder = recorder;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Every call answered with success, with the size of its request as received.</summary>
    public IReadOnlyList<ExportMetricsServiceRequest> Requests => _recorder.Accepted.ToArray();

    /// <summary>Calls answered so far, failed ones included.</summary>
    public int Calls => Volatile.Read(ref _recorder.Calls);

    /// <param name="fail">Given the 1-based call number, the status to fail it with; null accepts it.</param>
    public static async Task<GrpcSink> StartAsync(Func<int, StatusCode?>? fail = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var recorder = new Recorder(fail ?? (_ => null));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(recorder);
        var app = builder.Build();
        app.MapGrpcService<RecordingMetricsService>();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new GrpcSink(app, recorder) { Endpoint = addresses.Addresses.Single() };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class Recorder(Func<int, StatusCode?> fail)
    {
        public readonly ConcurrentQueue<ExportMetricsServiceRequest> Accepted = new();
        public int Calls;

        public StatusCode? Next() => fail(Interlocked.Increment(ref Calls));
    }

    private sealed class RecordingMetricsService(Recorder recorder) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            if (recorder.Next() is { } status)
            {
                throw new RpcException(new Status(status, "failing as the test asked"));
            }
            recorder.Accepted.Enqueue(request);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
