using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary>Runs the real orleans-scrape executable as a user would and talks to it over HTTP.</summary>
public sealed partial class ExecutableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-scrape-exe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orleans-scrape.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info)!;
    }

    [Fact]
    public async Task Run_WithAnInvalidConfig_ExitsNonZeroNamingFileLineAndReason()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, EmbeddedDefaultConfig.Yaml(8080).Replace("  debug: {}", "  debug:\n    colour: blue"));
        using var process = Start("run", "--config", path);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Matches($@"{Regex.Escape(path)}:\d+:\d+: unknown key ""colour""", await stderr);
    }

    [Fact]
    public async Task Run_SelfScrape_ShowsAcceptedPointsOnMetrics()
    {
        var httpPort = FreePort();
        // The embedded default with free ports and a short interval, so the test does not wait 15 s per scrape.
        var config = EmbeddedDefaultConfig.Yaml(httpPort)
            .Replace("scrape_interval: 15s", "scrape_interval: 2s")
            .Replace("  http:", $"  endpoints:\n    silo_port: {FreePort()}\n    gateway_port: {FreePort()}\n  http:");
        var path = Path.Combine(_directory, "self.yaml");
        await File.WriteAllTextAsync(path, config);

        using var process = Start("run", "--config", path);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            double accepted = 0;
            var ready = false;
            while (DateTime.UtcNow < deadline && (accepted <= 0 || !ready))
            {
                Assert.False(process.HasExited, "orleans-scrape exited early:\n" + string.Join('\n', output));
                try
                {
                    ready = (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
                    var metrics = await http.GetStringAsync("/metrics");
                    accepted = AcceptedPoints().Matches(metrics).Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(500);
            }

            Assert.True(ready, "/readyz never answered 200:\n" + string.Join('\n', output));
            Assert.True(accepted > 0, "no accepted points on /metrics:\n" + string.Join('\n', output));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/livez")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/")).StatusCode);
            // The debug exporter prints one summary line per export.
            await Task.Delay(3000);
            Assert.Contains(output, line => line.StartsWith("debug:", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task TargetAllocatorApiAndTargetsPage_DescribeWhatTheSiloScrapes()
    {
        var httpPort = FreePort();
        var config = EmbeddedDefaultConfig.Yaml(httpPort)
            .Replace("scrape_interval: 15s", "scrape_interval: 2s\n          basic_auth:\n            username: reader\n            password: hunter2")
            .Replace("  role: all", $"  role: all\n  silo_name: silo-a\n  endpoints:\n    silo_port: {FreePort()}\n    gateway_port: {FreePort()}");
        var path = Path.Combine(_directory, "api.yaml");
        await File.WriteAllTextAsync(path, config);

        using var process = Start("run", "--config", path);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            string? targets = null;
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(process.HasExited, "orleans-scrape exited early:\n" + string.Join('\n', output));
                try
                {
                    targets = await http.GetStringAsync("/jobs/orleans-scrape/targets");
                    if (targets.Contains("silo-a", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(500);
            }

            // /jobs/{job}/targets: collector id -> link and http_sd groups with the discovered labels.
            using var byCollector = System.Text.Json.JsonDocument.Parse(targets!);
            var collector = byCollector.RootElement.GetProperty("silo-a");
            Assert.Equal("/jobs/orleans-scrape/targets?collector_id=silo-a", collector.GetProperty("_link").GetString());
            var group = collector.GetProperty("targets")[0];
            Assert.Equal($"127.0.0.1:{httpPort}", group.GetProperty("targets")[0].GetString());
            Assert.Equal($"127.0.0.1:{httpPort}", group.GetProperty("labels").GetProperty("__address__").GetString());
            Assert.Equal("orleans-scrape", group.GetProperty("labels").GetProperty("job").GetString());

            using var jobs = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/jobs"));
            Assert.Equal("/jobs/orleans-scrape/targets", jobs.RootElement.GetProperty("orleans-scrape").GetProperty("_link").GetString());

            using var httpSd = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/jobs/orleans-scrape/targets?collector_id=silo-a"));
            Assert.Equal(1, httpSd.RootElement.GetArrayLength());
            Assert.Equal("[]", (await http.GetStringAsync("/jobs/orleans-scrape/targets?collector_id=nobody")).Trim());
            Assert.Equal("[]", (await http.GetStringAsync("/jobs/unknown/targets?collector_id=silo-a")).Trim());

            using var scrapeConfigs = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/scrape_configs"));
            var job = scrapeConfigs.RootElement.GetProperty("orleans-scrape");
            Assert.Equal("2s", job.GetProperty("scrape_interval").GetString());
            Assert.Equal("reader", job.GetProperty("basic_auth").GetProperty("username").GetString());
            Assert.Equal("<secret>", job.GetProperty("basic_auth").GetProperty("password").GetString());

            // The allocator's self-metrics, under its names, on the silo that runs discovery.
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Matches(@"(?m)^opentelemetry_allocator_targets\{[^}]*job_name=""orleans-scrape""[^}]*\} 1$", metrics);
            Assert.Matches(@"(?m)^opentelemetry_allocator_targets_per_collector\{[^}]*collector_name=""silo-a""[^}]*\} 1$", metrics);
            Assert.Matches(@"(?m)^opentelemetry_allocator_targets_unassigned(\{[^}]*\})? 0$", metrics);
            Assert.Matches(@"(?m)^opentelemetry_allocator_time_to_allocate_count(\{[^}]*\})? [1-9]", metrics);

            var page = await http.GetStringAsync("/targets");
            Assert.Contains("<h2>orleans-scrape (", page);
            Assert.Contains("silo-a", page);
            Assert.Contains($"http://127.0.0.1:{httpPort}/metrics", page);

            // The page as a browser renders it, once the first scrape is in: the target is up, on its silo.
            var upBy = DateTime.UtcNow.AddSeconds(30);
            while (!(await http.GetStringAsync("/targets")).Contains("class=\"up\"", StringComparison.Ordinal) && DateTime.UtcNow < upBy)
            {
                await Task.Delay(250);
            }
            var targetsPage = new Uri($"http://127.0.0.1:{httpPort}/targets");
            var dom = await HeadlessChromium.DumpDomAsync(targetsPage);
            Assert.Contains("<td class=\"up\">UP</td>", dom);
            Assert.Contains("<td>silo-a</td>", dom);
            var screenshot = Path.Combine(_directory, "targets.png");
            await HeadlessChromium.ScreenshotAsync(targetsPage, screenshot);
            Assert.True(new FileInfo(screenshot).Length > 1000, "the screenshot is empty");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"^otelcol_receiver_accepted_metric_points(?:_total)?(?:\{[^}]*\})? (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex AcceptedPoints();
}
