using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>
/// An http_sd endpoint on Kestrel, 127.0.0.1 and a free port, whose answer a test sets at any time and
/// which records the headers of every request it gets.
/// </summary>
public sealed class HttpSdServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<IHeaderDictionary> _requests = [];
    private (int Status, string ContentType, string Body) _answer = (200, "application/json", "[]");

    private HttpSdServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path = "/sd") => new Uri(BaseAddress, path).ToString();

    public int RequestCount
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    public IHeaderDictionary LastRequest
    {
        get
        {
            lock (_requests)
            {
                return _requests[^1];
            }
        }
    }

    public void Respond(string body, int status = 200, string contentType = "application/json")
    {
        lock (_requests)
        {
            _answer = (status, contentType, body);
        }
    }

    public static async Task<HttpSdServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new HttpSdServer(app);
        app.MapGet("/sd", async context =>
        {
            lock (server._requests)
            {
                server._requests.Add(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            }
            (int Status, string ContentType, string Body) answer;
            lock (server._requests)
            {
                answer = server._answer;
            }
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
