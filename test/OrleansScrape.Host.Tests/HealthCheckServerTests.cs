using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Hosting.Extensions.HealthCheck;

namespace OrleansScrape.Host.Tests;

public sealed class HealthCheckServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private sealed class SwitchableHealth : IPipelineHealth
    {
        public volatile bool Running;

        public bool IsRunning => Running;
    }

    /// <summary>A hosted service whose start and stop wait for the test, to look at the health check meanwhile.</summary>
    private sealed class Gate : IHostedService
    {
        public TaskCompletionSource StartEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource StartRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource StopEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource StopRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            StartEntered.TrySetResult();
            await StartRelease.Task.WaitAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            StopEntered.TrySetResult();
            await StopRelease.Task.WaitAsync(cancellationToken);
        }
    }

    private static IHost Build(Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Patience);
        configure(builder.Services);
        return builder.Build();
    }

    private static async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(int port, string path)
    {
        using var client = new HttpClient { Timeout = Patience };
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Answers200WhileRunning_And503Otherwise_WithTheCollectorsBody()
    {
        var health = new SwitchableHealth();
        using var host = Build(services =>
        {
            services.AddSingleton<IPipelineHealth>(health);
            services.AddHealthCheckExtension("health_check", new HealthCheckOptions { Endpoint = "127.0.0.1:0" });
        });
        await host.StartAsync();
        try
        {
            var port = host.Services.GetRequiredKeyedService<HealthCheckServer>("health_check").Port;
            Assert.NotEqual(0, port);

            var (status, body, contentType) = await GetAsync(port, "/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("application/json", contentType);
            Assert.Equal("""{"status":"Server not available","upSince":"0001-01-01T00:00:00Z","uptime":""}""", body);

            health.Running = true;
            (status, body, _) = await GetAsync(port, "/");
            Assert.Equal(HttpStatusCode.OK, status);
            using var json = JsonDocument.Parse(body);
            Assert.Equal(["status", "upSince", "uptime"], json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Server available", json.RootElement.GetProperty("status").GetString());
            var upSince = DateTimeOffset.Parse(json.RootElement.GetProperty("upSince").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(upSince > DateTimeOffset.UtcNow.AddHours(-1));
            Assert.EndsWith("s", json.RootElement.GetProperty("uptime").GetString());

            // Any path under "/" is answered, as Go's pattern "/" does.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(port, "/whatever")).Status);

            health.Running = false;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(port, "/")).Status);
        }
        finally
        {
            await host.StopAsync();
        }
        Assert.Equal(0, host.Services.GetRequiredKeyedService<HealthCheckServer>("health_check").Port);
    }

    [Fact]
    public async Task ByDefault_Answers503BeforeStartCompletes_200WhenStarted_And503OnceShutdownBegins()
    {
        var gate = new Gate();
        using var host = Build(services =>
        {
            services.AddHealthCheckExtension("health_check", new HealthCheckOptions { Endpoint = "127.0.0.1:0" });
            services.AddSingleton<IHostedService>(gate);
        });
        var server = host.Services.GetRequiredKeyedService<HealthCheckServer>("health_check");
        var starting = host.StartAsync();
        await gate.StartEntered.Task.WaitAsync(Patience);
        // The pipelines (here the gate) are still starting: the listener is open and says so.
        Assert.NotEqual(0, server.Port);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(server.Port, "/")).Status);

        gate.StartRelease.SetResult();
        await starting.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server.Port, "/")).Status);

        var stopping = host.StopAsync();
        await gate.StopEntered.Task.WaitAsync(Patience);
        // Shutdown has begun, the services are stopping: still listening, not healthy.
        var (status, body, _) = await GetAsync(server.Port, "/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("Server not available", body);

        gate.StopRelease.SetResult();
        await stopping.WaitAsync(Patience);
        Assert.Equal(0, server.Port);
    }

    [Fact]
    public async Task CustomPathAndBody_AreServed()
    {
        var health = new SwitchableHealth();
        using var host = Build(services =>
        {
            services.AddSingleton<IPipelineHealth>(health);
            services.AddHealthCheckExtension("health_check", new HealthCheckOptions
            {
                Endpoint = "127.0.0.1:0",
                Path = "/health/status",
                ResponseBody = new HealthCheckResponseBody { Healthy = "I'm OK", Unhealthy = "I'm not well" },
            });
        });
        await host.StartAsync();
        try
        {
            var port = host.Services.GetRequiredKeyedService<HealthCheckServer>("health_check").Port;
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(port, "/")).Status);
            var (status, body, _) = await GetAsync(port, "/health/status");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("I'm not well", body);
            health.Running = true;
            (status, body, _) = await GetAsync(port, "/health/status");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("I'm OK", body);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task SeveralInstances_EachHaveTheirOwnListener()
    {
        var health = new SwitchableHealth { Running = true };
        using var host = Build(services =>
        {
            services.AddSingleton<IPipelineHealth>(health);
            services.AddHealthCheckExtension("health_check/a", new HealthCheckOptions { Endpoint = "127.0.0.1:0", Path = "/a" });
            services.AddHealthCheckExtension("health_check/b", new HealthCheckOptions { Endpoint = "127.0.0.1:0", Path = "/b" });
        });
        await host.StartAsync();
        try
        {
            var a = host.Services.GetRequiredKeyedService<HealthCheckServer>("health_check/a");
            var b = host.Services.GetRequiredKeyedService<HealthCheckServer>("health_check/b");
            Assert.NotEqual(a.Port, b.Port);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(a.Port, "/a")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(a.Port, "/b")).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(b.Port, "/b")).Status);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void SameIdTwice_IsRefused()
    {
        var services = new ServiceCollection();
        services.AddHealthCheckExtension("health_check", new HealthCheckOptions());
        Assert.Throws<ArgumentException>(() => services.AddHealthCheckExtension("health_check", new HealthCheckOptions()));
    }

    [Fact]
    public void InvalidOptions_AreRefused()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => services.AddHealthCheckExtension("health_check", new HealthCheckOptions { Path = "health" }));
        Assert.Contains("must start with /", error.Message);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(5_000L, "500\u00b5s")]
    [InlineData(15_000L, "1.5ms")]
    [InlineData(490_132_518L, "49.0132518s")]
    [InlineData(36_000_000_000L + 1_200_000_000L + 35_000_000L, "1h2m3.5s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(600_000_000L, "1m0s")]
    public void Uptime_IsWrittenAsGoWritesDurations(long ticks, string expected) =>
        Assert.Equal(expected, GoDurationText.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void UpSince_IsRfc3339WithTheFractionTrimmed()
    {
        Assert.Equal("2020-11-11T04:12:31.6847174Z", HealthCheckServer.FormatTime(new DateTimeOffset(2020, 11, 11, 4, 12, 31, TimeSpan.Zero).AddTicks(6_847_174)));
        Assert.Equal("2020-11-11T04:12:31.5Z", HealthCheckServer.FormatTime(new DateTimeOffset(2020, 11, 11, 4, 12, 31, 500, TimeSpan.Zero)));
        Assert.Equal("2020-11-11T04:12:31Z", HealthCheckServer.FormatTime(new DateTimeOffset(2020, 11, 11, 4, 12, 31, TimeSpan.Zero)));
    }
}
