using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Otlp.Receivers;

namespace OrleansScrape.Hosting.OtlpReceiver;

/// <summary>
/// The OTLP receiver's own Kestrel server, separate from the silo's web endpoint: OTLP/gRPC on an
/// HTTP/2 cleartext listener, OTLP/HTTP on another. Opens when the silo becomes active and only
/// on silos whose role is <c>gateway</c> or <c>all</c>; closes before the silo stops its grains.
/// </summary>
public sealed class OtlpReceiverServer : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly OtlpReceiverOptions _options;
    private readonly OtlpMetricsReceiver _receiver;
    private readonly string? _role;
    private readonly ILogger<OtlpReceiverServer> _logger;
    private WebApplication? _app;
    private ListenOptions? _grpcListener;
    private ListenOptions? _httpListener;

    public OtlpReceiverServer(OtlpReceiverOptions options, OtlpMetricsReceiver receiver, string? role, ILogger<OtlpReceiverServer> logger)
    {
        _options = options;
        _receiver = receiver;
        _role = role;
        _logger = logger;
    }

    /// <summary>Whether this silo's role opens the receiver (gateway or all; any when no role is known).</summary>
    public bool ServesRole => _role is null || SiloRole.Serves(_role, SiloRole.Gateway);

    public bool IsListening => _app is not null;

    /// <summary>
    /// The ports the receiver listens on while it does (0 when off). An endpoint with port 0 takes a
    /// free port, so several gateway silos of one process (tests) do not clash.
    /// </summary>
    public (int Grpc, int Http) ListeningPorts => (PortOf(_grpcListener), PortOf(_httpListener));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OtlpReceiverServer), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!ServesRole || _app is not null || (_options.GrpcEndpoint is null && _options.HttpEndpoint is null))
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = OtlpHttpMetricsHandler.MaxBodyBytes;
            if (_options.GrpcEndpoint is { } grpc)
            {
                _grpcListener = Listen(kestrel, OtlpListenAddress.Parse(grpc), HttpProtocols.Http2);
            }
            if (_options.HttpEndpoint is { } http)
            {
                _httpListener = Listen(kestrel, OtlpListenAddress.Parse(http), HttpProtocols.Http1AndHttp2);
            }
        });
        builder.Services.AddOtlpReceiverEndpoints(_receiver);
        var app = builder.Build();
        app.MapOtlpReceiver();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        _logger.LogInformation("OTLP receiver listening: grpc {Grpc}, http {Http}", _options.GrpcEndpoint ?? "off", _options.HttpEndpoint ?? "off");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not { } app)
        {
            return;
        }
        _app = null;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static ListenOptions? Listen(KestrelServerOptions kestrel, OtlpListenAddress address, HttpProtocols protocols)
    {
        ListenOptions? listener = null;
        if (address.IsLocalhost)
        {
            kestrel.ListenLocalhost(address.Port, o => (listener = o).Protocols = protocols);
        }
        else
        {
            kestrel.Listen(new IPEndPoint(address.Address!, address.Port), o => (listener = o).Protocols = protocols);
        }
        return listener;
    }

    // Kestrel replaces a listener's endpoint with the bound one, so port 0 reads back as the port taken.
    private int PortOf(ListenOptions? listener) => _app is not null && listener?.IPEndPoint is { } endpoint ? endpoint.Port : 0;
}
