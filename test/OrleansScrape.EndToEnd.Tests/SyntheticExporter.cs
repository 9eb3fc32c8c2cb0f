using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Testing;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// A Prometheus exporter whose counters grow by known amounts on every scrape:
/// <c>requests_total{path="/a"}</c> by 10, <c>requests_total{path="/b"}</c> by 3, plus a gauge.
/// </summary>
public sealed class SyntheticExporter : IAsyncDisposable
{
    public const double IncreaseA = 10;
    public const double IncreaseB = 3;
    private LoopbackServer? _server;
    private int _scrapes;

    public int Scrapes => Volatile.Read(ref _scrapes);

    public string Address => _server!.Authority;

    public static async Task<SyntheticExporter> StartAsync()
    {
        var exporter = new SyntheticExporter();
        exporter._server = await LoopbackServer.StartAsync(routes => routes.MapGet("/metrics", exporter.Serve));
        return exporter;
    }

    private IResult Serve()
    {
        var n = Interlocked.Increment(ref _scrapes);
        var body = string.Create(CultureInfo.InvariantCulture, $$"""
            # HELP requests_total Requests served.
            # TYPE requests_total counter
            requests_total{path="/a"} {{1000 + IncreaseA * n}}
            requests_total{path="/b"} {{IncreaseB * n}}
            # HELP temperature_celsius Current temperature.
            # TYPE temperature_celsius gauge
            temperature_celsius 21.5

            """);
        return Results.Text(body, "text/plain; version=0.0.4; charset=utf-8");
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
