using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansScrape.Testing;

/// <summary>
/// One loopback server standing for many targets: target <c>i</c> is served at
/// <c>/t/{i}/metrics</c>, and every scrape request is recorded with its arrival time, per target,
/// so tests can check that each scrape slot was served exactly once.
/// </summary>
public sealed class CountingExporterFarm : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _scrapes = new();
    private LoopbackServer? _server;

    public string Address => _server!.Authority;

    public static async Task<CountingExporterFarm> StartAsync()
    {
        var farm = new CountingExporterFarm();
        farm._server = await LoopbackServer.StartAsync(routes => routes.MapGet("/t/{id}/metrics", (string id) => farm.Serve(id)));
        return farm;
    }

    public static string MetricsPath(int target) => $"/t/{target}/metrics";

    /// <summary>The <c>static_configs</c> entries of the first <paramref name="count"/> targets, indented for a scrape config in a test's YAML.</summary>
    public string StaticConfigs(int count) => string.Join("\n", Enumerable.Range(0, count).Select(i =>
        $"                    - targets: ['{Address}']\n                      labels:\n                        __metrics_path__: {MetricsPath(i)}"));

    /// <summary>Arrival times of the scrapes of one target, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Scrapes(int target) =>
        _scrapes.TryGetValue(target.ToString(System.Globalization.CultureInfo.InvariantCulture), out var times) ? times.ToArray() : [];

    private IResult Serve(string id)
    {
        _scrapes.GetOrAdd(id, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        return Results.Text($"# TYPE served_total counter\nserved_total{{target=\"{id}\"}} 1\n", "text/plain; version=0.0.4; charset=utf-8");
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
