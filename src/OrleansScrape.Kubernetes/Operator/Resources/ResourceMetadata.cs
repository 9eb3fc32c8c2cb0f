namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>The part of <c>metadata</c> that selection and job names use.</summary>
public sealed record ResourceMetadata(string Namespace, string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary><c>namespace/name</c>, the key Kubernetes tools and the watchers use.</summary>
    public string Key => $"{Namespace}/{Name}";
}
