namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>Labels and annotations of a namespace, for <c>extract</c> rules with <c>from: namespace</c>.</summary>
public sealed record NamespaceMetadata(
    string Name,
    KeyValuePair<string, string>[] Labels,
    KeyValuePair<string, string>[] Annotations);
