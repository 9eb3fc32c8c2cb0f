using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.OtlpGrpc;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Receivers;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>The otlp (gRPC) exporter against a real gRPC server: OrleansScrape's own OTLP receiver service.</summary>
public sealed class OtlpGrpcExporterTests
{
    private sealed class Consumer : IOtlpMetricsConsumer
    {
        public ConcurrentQueue<MetricBatch> Received { get; } = new();
        public bool Fail { get; set; }

        public Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("the gateway is unavailable");
            }
            foreach (var batch in batches)
            {
                Received.Enqueue(batch);
            }
            return Task.CompletedTask;
        }
    }

    private static async Task<(WebApplication Server, int Port)> StartServerAsync(Consumer consumer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new OtlpMetricsReceiver(consumer));
        var app = builder.Build();
        app.MapGrpcService<OtlpGrpcMetricsService>();
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return (app, address.Port);
    }

    private static MetricBatch Batch()
    {
        var builder = new MetricBatchBuilder([new Attribute("service.name", "grpc-test")]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("requests", "", "", MetricType.Sum, AggregationTemporality.Delta, true, scope);
        builder.AddPoint(1, 2, 42, DataPointFlags.None, [new Attribute("code", "200")]);
        return builder.Build();
    }

    [Fact]
    public async Task Export_delivers_the_batch_over_plain_http2()
    {
        var consumer = new Consumer();
        var (server, port) = await StartServerAsync(consumer);
        await using var _ = server;
        using var exporter = new OtlpGrpcExporter("otlp", new OtlpGrpcExporterOptions { Endpoint = $"127.0.0.1:{port}", Insecure = true });

        await exporter.ExportAsync([Batch()], CancellationToken.None);

        var received = Assert.Single(consumer.Received);
        Assert.Equal("grpc-test", received.FindResourceAttribute("service.name"));
        Assert.Equal(42.0, Assert.Single(received.Points).Value);
        Assert.Equal(AggregationTemporality.Delta, received.Metrics[0].Temporality);
    }

    [Fact]
    public async Task Unavailable_server_answer_is_retryable()
    {
        var consumer = new Consumer { Fail = true };
        var (server, port) = await StartServerAsync(consumer);
        await using var _ = server;
        using var exporter = new OtlpGrpcExporter("otlp", new OtlpGrpcExporterOptions { Endpoint = $"http://127.0.0.1:{port}" });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => exporter.ExportAsync([Batch()], CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.Contains("Unavailable", error.Message);
    }

    [Fact]
    public async Task Unreachable_server_is_retryable()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var exporter = new OtlpGrpcExporter("otlp", new OtlpGrpcExporterOptions { Endpoint = $"127.0.0.1:{port}", Insecure = true, Timeout = TimeSpan.FromSeconds(5) });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => exporter.ExportAsync([Batch()], CancellationToken.None));

        Assert.True(error.IsRetryable);
    }
}
