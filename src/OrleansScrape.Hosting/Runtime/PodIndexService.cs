using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Kubernetes.Enrichment;
using OrleansScrape.Processing.KubernetesAttributes;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// On silos that run series grains with a <c>k8sattributes</c> processor, watches the cluster's pods
/// into the silo's <see cref="PodMetadataIndex"/>. The API server is <c>discovery.api_server</c> or
/// <c>discovery.kubeconfig_file</c> when set, else the in-cluster service account; outside a cluster
/// with neither, enrichment finds no pods and says so once.
/// </summary>
internal sealed class PodIndexService : IHostedService, IDisposable
{
    private readonly OrleansScrapeSettings _settings;
    private readonly PodMetadataIndex _index;
    private readonly KubernetesWatchPool _pool;
    private readonly ILogger<PodIndexService> _logger;
    private PodIndexFeeder? _feeder;

    public PodIndexService(OrleansScrapeSettings settings, PodMetadataIndex index, KubernetesWatchPool pool, ILogger<PodIndexService> logger)
    {
        _settings = settings;
        _index = index;
        _pool = pool;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var enrichment = _settings.ProcessorOptions<Processing.KubernetesAttributes.KubernetesAttributesOptions>().FirstOrDefault();
        if (enrichment is null || !SiloRole.Serves(_settings.Orleans.Role, SiloRole.Gateway))
        {
            return;
        }
        KubernetesConnection connection;
        try
        {
            connection = KubernetesConnection.From(_settings.Discovery.ApiServer, _settings.Discovery.KubeconfigFile);
        }
        catch (InvalidOperationException e)
        {
            _logger.LogWarning("k8sattributes: no Kubernetes API server to watch pods from ({Reason}); resources are enriched only with what they already carry", e.Message);
            return;
        }
        _feeder = new PodIndexFeeder(_pool.Client(connection), _index, enrichment.FilterNamespace, enrichment.FilterNode);
        // The first list is awaited so the first batches find their pods; a failure is logged, and the watch keeps retrying.
        await _feeder.StartAsync(cancellationToken);
        if (_feeder.LastError is { } error)
        {
            _logger.LogWarning("k8sattributes: listing pods failed, retrying: {Error}", error);
        }
        else
        {
            _logger.LogInformation("k8sattributes: watching pods at {Server} ({Count} known)", connection.Server, _index.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _feeder?.Dispose();
        _feeder = null;
    }
}
