namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// A custom resource that cannot be used: a field of the wrong shape, a value out of range, a
/// feature OrleansScrape does not support, or a Secret it refers to that cannot be read. The
/// message names the field; callers prefix the resource's kind and namespace/name.
/// </summary>
public sealed class CustomResourceException(string message) : Exception(message);
