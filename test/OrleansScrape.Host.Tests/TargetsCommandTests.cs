using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansScrape.Host.Tests;

/// <summary>`targets --url` against an allocator API serving upstream's JSON shapes.</summary>
public sealed class TargetsCommandTests
{
    private static async Task<(WebApplication App, Uri Url)> ServeAsync(string jobs, Dictionary<string, string> targetsByJob)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/jobs", () => Results.Text(jobs, "application/json"));
        app.MapGet("/jobs/{job}/targets", (string job) => Results.Text(targetsByJob[job], "application/json"));
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }

    private static string Group(params string[] addresses) =>
        string.Join(",", addresses.Select(a => $$$"""{"targets":["{{{a}}}"],"labels":{"__address__":"{{{a}}}"}}"""));

    [Fact]
    public async Task BalancedAssignment_IsListedPerCollector_AndExitsZero()
    {
        var (app, url) = await ServeAsync("""{"node":{"_link":"/jobs/node/targets"}}""", new()
        {
            ["node"] = $$$"""{"silo-a":{"_link":"x","targets":[{{{Group("10.0.0.1:9100", "10.0.0.2:9100")}}}]},"silo-b":{"_link":"y","targets":[{{{Group("10.0.0.3:9100", "10.0.0.4:9100")}}}]}}""",
        });
        await using var _ = app;
        var output = new StringWriter();

        var code = await TargetsCommand.RunAsync(url, output, TextWriter.Null);

        Assert.Equal(0, code);
        Assert.Contains("4 targets in 1 jobs on 2 collectors", output.ToString());
        Assert.Contains("silo-a: 2 targets", output.ToString());
        Assert.Contains("node: 10.0.0.3:9100, 10.0.0.4:9100", output.ToString());
    }

    [Fact]
    public async Task Imbalance_Unassigned_AndDuplicates_AreFlagged()
    {
        var (app, url) = await ServeAsync("""{"node":{"_link":"/jobs/node/targets"}}""", new()
        {
            ["node"] = $$$"""{"silo-a":{"_link":"x","targets":[{{{Group("10.0.0.1:9100", "10.0.0.2:9100", "10.0.0.3:9100", "10.0.0.4:9100")}}}]},"silo-b":{"_link":"y","targets":[{{{Group("10.0.0.4:9100")}}}]},"":{"_link":"z","targets":[{{{Group("10.0.0.9:9100")}}}]}}""",
        });
        await using var _ = app;
        var output = new StringWriter();

        var code = await TargetsCommand.RunAsync(url, output, TextWriter.Null);

        Assert.Equal(TargetsCommand.Flagged, code);
        Assert.Contains("silo-a: 4 targets  <- IMBALANCED", output.ToString());
        Assert.Contains("UNASSIGNED: 1 targets: node/10.0.0.9:9100", output.ToString());
        Assert.Contains("DUPLICATE: node/10.0.0.4:9100 is assigned to silo-a and silo-b", output.ToString());
    }

    [Fact]
    public async Task UnreachableApi_ExitsTwoWithTheReason()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = new StringWriter();

        var code = await TargetsCommand.RunAsync(new Uri($"http://127.0.0.1:{port}"), TextWriter.Null, error);

        Assert.Equal(TargetsCommand.Unreachable, code);
        Assert.Contains("cannot read the Target Allocator API", error.ToString());
    }
}
