namespace OrleansScrape.Hosting.Configuration;

public enum ClusteringProvider
{
    /// <summary>A single-machine cluster: no external membership store.</summary>
    Localhost,
    /// <summary>Membership in an Azure Storage table (Azurite in development).</summary>
    AzureStorage,
    /// <summary>Membership in the Kubernetes API: OrleansSilo and OrleansClusterVersion custom resources.</summary>
    Kubernetes,
}

public enum GrainStorageProvider
{
    Memory,
    AzureStorage,
}

/// <summary>The <c>orleans</c> section: how this silo joins its cluster and serves HTTP.</summary>
public sealed record OrleansSettings
{
    public string Role { get; init; } = "all";
    public string ClusterId { get; init; } = "orleans-scrape";
    public string ServiceId { get; init; } = "orleans-scrape";
    public string? SiloName { get; init; }
    public ClusteringProvider Clustering { get; init; } = ClusteringProvider.Localhost;
    public string? ClusteringConnectionString { get; init; }
    /// <summary>Kubernetes clustering: the API server and credentials (api_server, kubeconfig_file, else in-cluster) and the namespace (else POD_NAMESPACE).</summary>
    public KubernetesClusteringSettings? KubernetesClustering { get; init; }
    public GrainStorageProvider Storage { get; init; } = GrainStorageProvider.Memory;
    public string? StorageConnectionString { get; init; }
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    /// <summary>The address other silos reach this one at; null lets Orleans pick (loopback for localhost clustering).</summary>
    public string? AdvertisedAddress { get; init; }
    /// <summary>
    /// Listen for silos and clients on every address (<c>endpoints.listen_on_all_addresses</c>); by default only
    /// on the advertised address, as HTTP listens only on its own address.
    /// </summary>
    public bool ListenOnAllAddresses { get; init; }
    public string HttpAddress { get; init; } = "127.0.0.1";
    public int HttpPort { get; init; } = 8080;
    /// <summary>How a heavy resource is split over series grains (<c>orleans.series</c>).</summary>
    public Grains.Series.SeriesOptions Series { get; init; } = new();
}

/// <summary>Where the Kubernetes membership table is kept: <c>orleans.clustering</c>'s api_server, kubeconfig_file and namespace.</summary>
public sealed record KubernetesClusteringSettings(string? ApiServer, string? KubeconfigFile, string? Namespace);
