using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>Reads the <c>orleans</c> section: role, cluster, storage, endpoints and HTTP.</summary>
internal static class OrleansSectionReader
{
    internal static OrleansSettings ReadOrleans(YamlMappingReader? section)
    {
        var defaults = new OrleansSettings();
        if (section is null)
        {
            return defaults;
        }
        var role = section.GetString("role") ?? defaults.Role;
        if (!Grains.Placement.SiloRole.IsKnown(role))
        {
            throw section.ErrorAt("role", $"role \"{role}\" must be one of {string.Join(", ", Grains.Placement.SiloRole.Known)}");
        }

        var clustering = section.GetMapping("clustering");
        var clusteringProvider = clustering?.GetString("provider") switch
        {
            null or "localhost" => ClusteringProvider.Localhost,
            "azurestorage" => ClusteringProvider.AzureStorage,
            "kubernetes" => ClusteringProvider.Kubernetes,
            var other => throw clustering!.ErrorAt("provider", $"clustering provider \"{other}\" must be localhost, azurestorage or kubernetes"),
        };
        var clusteringConnection = clustering?.GetString("connection_string");
        if (clusteringProvider == ClusteringProvider.AzureStorage && string.IsNullOrEmpty(clusteringConnection))
        {
            throw clustering!.Error("orleans.clustering.connection_string is required for the azurestorage provider");
        }
        KubernetesClusteringSettings? kubernetesClustering = null;
        if (clusteringProvider == ClusteringProvider.Kubernetes)
        {
            kubernetesClustering = new KubernetesClusteringSettings(clustering!.GetString("api_server"), clustering.GetString("kubeconfig_file"), clustering.GetString("namespace"));
            if (kubernetesClustering is { ApiServer.Length: > 0, KubeconfigFile.Length: > 0 })
            {
                throw clustering.Error("orleans.clustering.api_server and kubeconfig_file are mutually exclusive");
            }
        }
        clustering?.RejectUnknownKeys();

        var storage = section.GetMapping("storage");
        var storageProvider = storage?.GetString("provider") switch
        {
            null or "memory" => GrainStorageProvider.Memory,
            "azurestorage" => GrainStorageProvider.AzureStorage,
            var other => throw storage!.ErrorAt("provider", $"storage provider \"{other}\" must be memory or azurestorage"),
        };
        var storageConnection = storage?.GetString("connection_string");
        if (storageProvider == GrainStorageProvider.AzureStorage && string.IsNullOrEmpty(storageConnection))
        {
            throw storage!.Error("orleans.storage.connection_string is required for the azurestorage provider");
        }
        storage?.RejectUnknownKeys();

        var http = section.GetMapping("http");
        var httpPort = http?.GetInt("port") ?? defaults.HttpPort;
        var httpAddress = http?.GetString("address") ?? defaults.HttpAddress;
        if (httpPort is < 0 or > 65535)
        {
            throw http!.ErrorAt("port", $"orleans.http.port {httpPort} is not a TCP port");
        }
        http?.RejectUnknownKeys();

        var endpoints = section.GetMapping("endpoints");
        var siloPort = endpoints?.GetInt("silo_port") ?? defaults.SiloPort;
        var gatewayPort = endpoints?.GetInt("gateway_port") ?? defaults.GatewayPort;
        var advertised = endpoints?.GetString("advertised_address");
        var listenOnAll = endpoints?.GetBool("listen_on_all_addresses") ?? defaults.ListenOnAllAddresses;
        if (advertised is { Length: > 0 } && !System.Net.IPAddress.TryParse(advertised, out _))
        {
            throw endpoints!.ErrorAt("advertised_address", $"advertised_address \"{advertised}\" must be an IP address (other silos connect to it)");
        }
        endpoints?.RejectUnknownKeys();

        var seriesSection = section.GetMapping("series");
        var series = new Grains.Series.SeriesOptions
        {
            SplitThreshold = seriesSection?.GetInt("split_threshold") ?? defaults.Series.SplitThreshold,
            MaxShards = seriesSection?.GetInt("max_shards") ?? defaults.Series.MaxShards,
        };
        if (series.Validate() is { Count: > 0 } seriesProblems)
        {
            throw seriesSection!.Error($"orleans.series: {string.Join(" ", seriesProblems)}");
        }
        seriesSection?.RejectUnknownKeys();

        var settings = new OrleansSettings
        {
            Series = series,
            Role = role,
            ClusterId = section.GetString("cluster_id") ?? defaults.ClusterId,
            ServiceId = section.GetString("service_id") ?? defaults.ServiceId,
            SiloName = section.GetString("silo_name"),
            Clustering = clusteringProvider,
            ClusteringConnectionString = clusteringConnection,
            KubernetesClustering = kubernetesClustering,
            Storage = storageProvider,
            StorageConnectionString = storageConnection,
            HttpAddress = httpAddress,
            HttpPort = httpPort,
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            AdvertisedAddress = advertised,
            ListenOnAllAddresses = listenOnAll,
        };
        section.RejectUnknownKeys();
        return settings;
    }
}
