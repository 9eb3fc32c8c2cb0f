using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary>
/// One <c>health_check</c> extension: a Kestrel listener of its own that answers the configured path
/// with 200 and <c>{"status":"Server available","upSince":...,"uptime":...}</c> while the pipelines run,
/// and 503 with <c>{"status":"Server not available",...}</c> before they do and from the moment shutdown
/// begins (or the configured <c>response_body</c> texts). The listener opens before any hosted service
/// starts and closes after every one has stopped, so probes see 503 during start and shutdown, not a
/// refused connection.
/// </summary>
public sealed class HealthCheckServer : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly byte[] Empty = [];

    private readonly HealthCheckOptions _options;
    private readonly IPipelineHealth _health;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<HealthCheckServer> _logger;
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private DateTimeOffset _upSince;

    public HealthCheckServer(
        string id, HealthCheckOptions options, IPipelineHealth health, IHostApplicationLifetime lifetime, ILogger<HealthCheckServer> logger, TimeProvider? time = null)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _health = health ?? throw new ArgumentNullException(nameof(health));
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The component id, e.g. <c>health_check</c> or <c>health_check/a</c>.</summary>
    public string Id { get; }

    /// <summary>The port listened on while open (an endpoint with port 0 reads back as the port taken); 0 when closed.</summary>
    public int Port { get; private set; }

    /// <summary>Healthy: the pipelines run and shutdown has not begun.</summary>
    public bool IsHealthy => !_lifetime.ApplicationStopping.IsCancellationRequested && _health.IsRunning;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Nothing of the process's configuration (ASPNETCORE_URLS, a Kestrel section in appsettings.json) may add listeners here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        var endpoint = _options.ListenEndpoint;
        builder.WebHost.ConfigureKestrel(kestrel => endpoint.Listen(kestrel));
        var app = builder.Build();
        app.Run(AnswerAsync);
        _upSince = _time.GetUtcNow();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _app = app;
        Port = BoundPort(app);
        _logger.LogInformation("{Id} answers http://{Endpoint}{Path}", Id, endpoint with { Port = Port }, _options.Path);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_app is not { } app)
        {
            return;
        }
        _app = null;
        Port = 0;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StoppedAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>The status code, content type and body answered now.</summary>
    internal (int StatusCode, string ContentType, byte[] Body) Respond()
    {
        var healthy = IsHealthy;
        var status = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (_options.ResponseBody is { } custom)
        {
            return (status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(healthy ? custom.Healthy : custom.Unhealthy));
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", healthy ? "Server available" : "Server not available");
            // Go writes a zero time for a service that is not up, and no uptime.
            json.WriteString("upSince", healthy ? FormatTime(_upSince) : "0001-01-01T00:00:00Z");
            json.WriteString("uptime", healthy ? GoDurationText.Format(_time.GetUtcNow() - _upSince) : "");
            json.WriteEndObject();
        }
        return (status, "application/json", buffer.ToArray());
    }

    private async Task AnswerAsync(HttpContext context)
    {
        if (!_options.Answers(context.Request.Path.Value ?? "/"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var (status, contentType, body) = Respond();
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body.Length == 0 ? Empty : body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>RFC 3339 with the fraction's trailing zeros dropped, as Go's JSON writes a time.</summary>
    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static int BoundPort(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address");
        return new Uri(address.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal)).Port;
    }
}
