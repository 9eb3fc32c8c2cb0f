using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Hosting.Clustering;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Hosting.Clustering;

/// <summary>The membership table of <c>orleans.clustering.provider: kubernetes</c>.</summary>
public static class KubernetesClustering
{
    /// <summary>
    /// A table on the connection <c>api_server</c> or <c>kubeconfig_file</c> names, else the in-cluster service
    /// account (or KUBECONFIG outside a cluster), in <c>namespace</c>, else the POD_NAMESPACE environment variable.
    /// </summary>
    /// <exception cref="InvalidOperationException">No namespace is configured, or the connection cannot be resolved.</exception>
    public static KubernetesMembershipTable CreateTable(OrleansSettings orleans) => CreateTable(orleans, Environment.GetEnvironmentVariable);

    public static KubernetesMembershipTable CreateTable(OrleansSettings orleans, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(orleans);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = orleans.KubernetesClustering ?? new KubernetesClusteringSettings(null, null, null);
        var @namespace = settings.Namespace is { Length: > 0 } configured ? configured
            : environment("POD_NAMESPACE") is { Length: > 0 } pod ? pod
            : throw new InvalidOperationException("orleans.clustering.namespace is not set and POD_NAMESPACE is not defined: the kubernetes clustering provider needs the namespace its objects are kept in");
        var connection = KubernetesConnection.From(settings.ApiServer, settings.KubeconfigFile, environment);
        return new KubernetesMembershipTable(KubernetesApiClient.Create(connection), orleans.ClusterId, @namespace, ownsClient: true);
    }
}
