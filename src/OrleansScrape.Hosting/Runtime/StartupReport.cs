using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// Says once, as the silo starts, what the configuration read noticed without refusing it (unset
/// environment variables, deprecated type names, unused components, keys that have no effect here) and,
/// with custom-resource discovery configured, where custom resources are read from, or in one line why
/// they cannot be (naming what was tried: api_server, kubeconfig_file, KUBECONFIG, ~/.kube/config,
/// in-cluster); discovery then reports the same in its status and /readyz.
/// </summary>
internal sealed class StartupReport : IHostedService
{
    private readonly OrleansScrapeSettings _settings;
    private readonly ILogger<StartupReport> _logger;

    public StartupReport(OrleansScrapeSettings settings, ILogger<StartupReport> logger)
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
        var discovery = _settings.Discovery;
        if (discovery.PrometheusCr is { Enabled: true })
        {
            try
            {
                _logger.LogInformation("Custom resources are discovered from {Server}", KubernetesConnection.From(discovery.ApiServer, discovery.KubeconfigFile).Server);
            }
            catch (InvalidOperationException e)
            {
                _logger.LogWarning("discovery.prometheus_cr is enabled but cannot watch custom resources: {Reason}", e.Message);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
