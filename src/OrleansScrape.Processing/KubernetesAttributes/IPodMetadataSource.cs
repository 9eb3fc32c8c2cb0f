namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>Where the <c>k8sattributes</c> processor looks pods up. Lookups must be thread-safe.</summary>
public interface IPodMetadataSource
{
    PodMetadata? FindByIp(string ip);

    PodMetadata? FindByUid(string uid);

    PodMetadata? FindByName(string @namespace, string name);

    NamespaceMetadata? FindNamespace(string name);

    /// <summary>The uid of the cluster (its kube-system namespace), or null when not known.</summary>
    string? ClusterUid { get; }
}
