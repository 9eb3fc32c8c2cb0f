namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>Where a referenced value lives: a Secret's <c>data</c> or a ConfigMap's <c>data</c>.</summary>
public enum KeySource
{
    Secret,
    ConfigMap,
}

/// <summary>
/// One key of a Secret or ConfigMap in the resource's own namespace (Kubernetes'
/// <c>SecretKeySelector</c> / <c>ConfigMapKeySelector</c>); an optional reference to a missing
/// object or key reads as empty instead of failing the resource.
/// </summary>
public sealed record KeyReference(KeySource Source, string Name, string Key, bool Optional = false)
{
    public override string ToString() => $"{(Source == KeySource.Secret ? "secret" : "configmap")} {Name} key {Key}";
}
