namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// One entry of <c>kubernetes_sd_configs</c>, with Prometheus's field names. The discoverer that
/// talks to the API server lives in OrleansScrape.Kubernetes; this is only the configuration.
/// </summary>
public sealed record KubernetesSdConfig
{
    /// <summary>The object kind whose objects become targets.</summary>
    public required KubernetesSdRole Role { get; init; }

    /// <summary>The API server URL; null means in-cluster credentials, or <see cref="KubeconfigFile"/> when set.</summary>
    public string? ApiServer { get; init; }

    /// <summary>A kubeconfig file to take the server and credentials from (exclusive with <see cref="ApiServer"/>).</summary>
    public string? KubeconfigFile { get; init; }

    /// <summary>Namespaces to watch; empty with <see cref="OwnNamespace"/> false means all namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary><c>namespaces.own_namespace</c>: also watch the namespace this process runs in.</summary>
    public bool OwnNamespace { get; init; }

    /// <summary>Label and field selectors sent to the API server, per role they apply to.</summary>
    public IReadOnlyList<KubernetesSdSelector> Selectors { get; init; } = [];

    /// <summary><c>attach_metadata.node</c>: add the node's labels to pod (and endpoint) targets.</summary>
    public bool AttachNodeMetadata { get; init; }

    /// <summary><c>attach_metadata.namespace</c>: add the namespace's labels and annotations.</summary>
    public bool AttachNamespaceMetadata { get; init; }

    /// <summary>What the HTTP client settings reader returned for this entry's client keys, or null (as for http_sd).</summary>
    public object? HttpClientSettings { get; init; }
}

/// <summary>The roles of <c>kubernetes_sd_configs</c>; the names are Prometheus's, lower case in YAML.</summary>
public enum KubernetesSdRole
{
    Pod,
    Service,
    Endpoints,
    EndpointSlice,
    Node,
    Ingress,
}

/// <summary>One <c>selectors</c> entry: a label and/or field selector for one role's objects.</summary>
public sealed record KubernetesSdSelector
{
    public required KubernetesSdRole Role { get; init; }

    public string? Label { get; init; }

    public string? Field { get; init; }
}
