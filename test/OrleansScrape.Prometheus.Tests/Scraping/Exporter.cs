using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansScrape.Prometheus.Tests.Scraping;

/// <summary>
/// A metrics exporter on Kestrel, 127.0.0.1 and a free port. A test sets how it answers at any time;
/// it records the path, query and headers of every request.
/// </summary>
internal sealed class Exporter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string PathAndQuery, IQueryCollection Query, IHeaderDictionary Headers)> _requests = [];
    private Func<HttpContext, Task> _answer = _ => Task.CompletedTask;

    private Exporter(WebApplication app) => _app = app;

    /// <summary>host:port, the target's address.</summary>
    public string Address { get; private set; } = "";

    public (string PathAndQuery, IQueryCollection Query, IHeaderDictionary Headers) LastRequest
    {
        get
        {
            lock (_requests)
            {
                return _requests[^1];
            }
        }
    }

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

    public void Answer(Func<HttpContext, Task> answer)
    {
        lock (_requests)
        {
            _answer = answer;
        }
    }

    /// <summary>Answers 200 with <paramref name="body"/> and the Content-Type.</summary>
    public void Answer(string body, string contentType = "text/plain; version=0.0.4; charset=utf-8") =>
        Answer(context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });

    public static async Task<Exporter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var exporter = new Exporter(app);
        app.Run(context =>
        {
            Func<HttpContext, Task> answer;
            lock (exporter._requests)
            {
                exporter._requests.Add((
                    context.Request.Path + context.Request.QueryString,
                    context.Request.Query,
                    new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
                answer = exporter._answer;
            }
            return answer(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        exporter.Address = new Uri(address).Authority;
        return exporter;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
