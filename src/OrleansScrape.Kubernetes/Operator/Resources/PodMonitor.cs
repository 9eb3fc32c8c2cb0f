namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>A <c>monitoring.coreos.com/v1</c> PodMonitor: the fields the translation uses.</summary>
public sealed record PodMonitor
{
    public required ResourceMetadata Metadata { get; init; }
    public LabelSelector Selector { get; init; } = LabelSelector.Everything;
    public NamespaceSelector NamespaceSelector { get; init; } = new();
    /// <summary><c>jobLabel</c>: the Pod label whose value becomes <c>job</c>.</summary>
    public string? JobLabel { get; init; }
    /// <summary><c>podTargetLabels</c>: Pod labels copied onto the targets.</summary>
    public IReadOnlyList<string> PodTargetLabels { get; init; } = [];
    /// <summary><c>attachMetadata.node</c>.</summary>
    public bool AttachNodeMetadata { get; init; }
    public ScrapeLimits Limits { get; init; } = new();
    public IReadOnlyList<MonitorEndpoint> Endpoints { get; init; } = [];
}
