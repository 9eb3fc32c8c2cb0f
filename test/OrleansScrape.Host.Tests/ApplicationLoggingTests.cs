using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScrape.Hosting;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary>
/// The executable quiets Orleans' and ASP.NET Core's own Information logs; category filters match by
/// prefix, so OrleansScrape's own categories (which start with "Orleans") must keep theirs.
/// </summary>
public sealed class ApplicationLoggingTests
{
    [Fact]
    public async Task OrleansScrape_information_logs_show_while_Orleans_information_logs_are_quiet()
    {
        await using var app = OrleansScrapeApplication.Create(EmbeddedDefaultConfig.Load(0));
        var logs = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(logs.CreateLogger("OrleansScrape.Grains.Discovery.DiscoveryGrain").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("OrleansScrape.Hosting.Runtime.StartupReport").IsEnabled(LogLevel.Information));
        Assert.False(logs.CreateLogger("Orleans.Runtime.Catalog").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("Orleans.Runtime.Catalog").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Logs_level_of_service_telemetry_sets_OrleansScrapes_own_level()
    {
        var yaml = EmbeddedDefaultConfig.Yaml(0).Replace("  pipelines:", "  telemetry:\n    logs:\n      level: warn\n  pipelines:");
        await using var app = OrleansScrapeApplication.Create(OrleansScrapeConfigReader.Read(yaml, "test.yaml"));
        var logs = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(logs.CreateLogger("OrleansScrape.Grains.Discovery.DiscoveryGrain").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("OrleansScrape.Grains.Discovery.DiscoveryGrain").IsEnabled(LogLevel.Warning));
    }
}
