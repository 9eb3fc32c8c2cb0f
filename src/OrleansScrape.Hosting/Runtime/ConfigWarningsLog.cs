using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// Logs, once as the silo starts, what the configuration read noticed without refusing it: unset
/// environment variables, deprecated type names, unused components, keys that have no effect here.
/// </summary>
internal sealed class ConfigWarningsLog : IHostedService
{
    private readonly OrleansScrapeSettings _settings;
    private readonly ILogger<ConfigWarningsLog> _logger;

    public ConfigWarningsLog(OrleansScrapeSettings settings, ILogger<ConfigWarningsLog> logger)
    {
        _settings = settings;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in _settings.Warnings)
        {
            _logger.LogWarning("Configuration: {Warning}", warning.ToString());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
