using OrleansScrape.Configuration;
using OrleansScrape.Hosting;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host;

internal static class RunCommand
{
    public const int ConfigError = 2;

    public static async Task<int> RunAsync(FileInfo? config, int? httpPort, CancellationToken cancellation)
    {
        OrleansScrapeSettings settings;
        try
        {
            settings = LoadSettings(config, httpPort);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"orleans-scrape: invalid configuration: {e.Message}");
            return ConfigError;
        }

        var orleans = settings.Orleans;
        Console.WriteLine($"orleans-scrape: starting a silo of role {orleans.Role} ({settings.Source}); " +
            $"HTTP on http://{orleans.HttpAddress}:{orleans.HttpPort} (/metrics, /livez, /readyz, /dashboard)");
        try
        {
            await using var app = OrleansScrapeApplication.Create(settings);
            await app.RunAsync(cancellation);
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 0;
        }
        catch (IOException e)
        {
            // Typically a port already in use.
            await Console.Error.WriteLineAsync($"orleans-scrape: could not start: {e.Message}");
            return 1;
        }
    }

    internal static OrleansScrapeSettings LoadSettings(FileInfo? config, int? httpPort)
    {
        if (httpPort is < 0 or > 65535)
        {
            throw new ConfigException("--http-port", 0, 0, $"{httpPort} is not a TCP port");
        }
        if (config is null)
        {
            return EmbeddedDefaultConfig.Load(httpPort ?? new OrleansSettings().HttpPort);
        }
        var settings = OrleansScrapeConfigReader.ReadFile(config.FullName);
        return httpPort is { } port ? settings with { Orleans = settings.Orleans with { HttpPort = port } } : settings;
    }
}
