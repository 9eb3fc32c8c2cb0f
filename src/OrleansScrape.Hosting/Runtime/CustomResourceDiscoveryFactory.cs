using Microsoft.Extensions.DependencyInjection;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Kubernetes.Operator;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>Builds the Prometheus Operator resource discovery from <c>discovery.prometheus_cr</c>, when it is enabled.</summary>
internal static class CustomResourceDiscoveryFactory
{
    public static Func<PrometheusCrDiscovery>? For(DiscoverySettings settings, IServiceProvider services)
    {
        if (settings.PrometheusCr is not { Enabled: true } resources)
        {
            return null;
        }
        return () =>
        {
            // The same connection rules as kubernetes_sd_configs: the configured server, else a kubeconfig, else in-cluster.
            var connection = KubernetesConnection.From(settings.ApiServer, settings.KubeconfigFile);
            var client = services.GetRequiredService<KubernetesWatchPool>().Client(connection);
            return new PrometheusCrDiscovery(client, resources, options: new PrometheusCrDiscoveryOptions
            {
                KubernetesSdApiServer = settings.ApiServer,
                KubernetesSdKubeconfigFile = settings.ApiServer is null ? settings.KubeconfigFile : null,
            });
        };
    }
}
