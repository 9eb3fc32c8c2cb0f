namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// A monitor's <c>namespaceSelector</c>: <c>any: true</c> means every namespace, <c>matchNames</c>
/// lists them, and neither means the monitor's own namespace.
/// </summary>
public sealed record NamespaceSelector
{
    public bool Any { get; init; }

    public IReadOnlyList<string> MatchNames { get; init; } = [];

    /// <summary>The <c>kubernetes_sd_configs</c> namespaces for a monitor in <paramref name="ownNamespace"/>; empty means all.</summary>
    public IReadOnlyList<string> NamespacesFor(string ownNamespace) =>
        Any ? [] : MatchNames.Count == 0 ? [ownNamespace] : MatchNames;
}
