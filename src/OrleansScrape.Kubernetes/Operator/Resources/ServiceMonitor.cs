using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>A <c>monitoring.coreos.com/v1</c> ServiceMonitor: the fields the translation uses.</summary>
public sealed record ServiceMonitor
{
    public required ResourceMetadata Metadata { get; init; }
    public LabelSelector Selector { get; init; } = LabelSelector.Everything;
    public NamespaceSelector NamespaceSelector { get; init; } = new();
    /// <summary><c>jobLabel</c>: the Service label whose value becomes <c>job</c>.</summary>
    public string? JobLabel { get; init; }
    /// <summary><c>targetLabels</c>: Service labels copied onto the targets.</summary>
    public IReadOnlyList<string> TargetLabels { get; init; } = [];
    /// <summary><c>podTargetLabels</c>: Pod labels copied onto the targets.</summary>
    public IReadOnlyList<string> PodTargetLabels { get; init; } = [];
    /// <summary><c>serviceDiscoveryRole</c>: Endpoints or EndpointSlice; null means the default (EndpointSlice).</summary>
    public KubernetesSdRole? ServiceDiscoveryRole { get; init; }
    /// <summary><c>attachMetadata.node</c>.</summary>
    public bool AttachNodeMetadata { get; init; }
    public ScrapeLimits Limits { get; init; } = new();
    public IReadOnlyList<MonitorEndpoint> Endpoints { get; init; } = [];
}
