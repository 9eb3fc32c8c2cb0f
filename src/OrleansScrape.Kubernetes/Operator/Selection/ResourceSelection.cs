using OrleansScrape.Kubernetes.Operator.Resources;

namespace OrleansScrape.Kubernetes.Operator.Selection;

/// <summary>
/// Whether a custom resource is selected, with the Prometheus Operator's rules as the Target
/// Allocator applies them: its namespace must be allowed (allow/deny lists), the resource
/// selector must exist and match the resource's labels, and the namespace selector must match
/// the labels of the resource's Namespace (an empty namespace selector matches every namespace).
/// </summary>
public static class ResourceSelection
{
    public static bool Selects(
        PrometheusCrSettings settings,
        LabelSelector? resourceSelector,
        LabelSelector namespaceSelector,
        ResourceMetadata resource,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        if (!settings.IsNamespaceAllowed(resource.Namespace) || resourceSelector is null || !resourceSelector.Matches(resource.Labels))
        {
            return false;
        }
        if (namespaceSelector.IsEmpty)
        {
            return true;
        }
        return namespaceLabels.TryGetValue(resource.Namespace, out var labels) && namespaceSelector.Matches(labels);
    }
}
