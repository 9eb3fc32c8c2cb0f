using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// With custom-resource discovery configured, says at start in one line when no Kubernetes API server
/// can be reached the way it is looked for (api_server, kubeconfig_file, KUBECONFIG, ~/.kube/config,
/// in-cluster), naming what was tried; discovery then reports the same in its status and /readyz.
/// </summary>
internal sealed class KubernetesConnectionCheck : IHostedService
{
    private readonly OrleansScrapeSettings _settings;
    private readonly ILogger<KubernetesConnectionCheck> _logger;

    public KubernetesConnectionCheck(OrleansScrapeSettings settings, ILogger<KubernetesConnectionCheck> logger)
    {
        _settings = settings;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_settings.Discovery.PrometheusCr is not { Enabled: true })
        {
            return Task.CompletedTask;
        }
        try
        {
            var connection = KubernetesConnection.From(new KubernetesSdConfig
            {
                Role = KubernetesSdRole.Pod,
                ApiServer = _settings.Discovery.ApiServer,
                KubeconfigFile = _settings.Discovery.KubeconfigFile,
            });
            _logger.LogInformation("Custom resources are discovered from {Server}", connection.Server);
        }
        catch (InvalidOperationException e)
        {
            _logger.LogWarning("discovery.prometheus_cr is enabled but cannot watch custom resources: {Reason}", e.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
