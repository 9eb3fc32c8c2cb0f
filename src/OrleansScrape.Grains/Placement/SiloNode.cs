namespace OrleansScrape.Grains.Placement;

/// <summary>
/// The Kubernetes node a silo runs on, published as silo metadata under <see cref="MetadataKey"/>
/// for the per-node allocation strategy. Read from <see cref="EnvironmentVariable"/>, which the
/// chart sets from the downward API (<c>spec.nodeName</c>).
/// </summary>
public static class SiloNode
{
    public const string MetadataKey = "node";
    public const string EnvironmentVariable = "NODE_NAME";

    public static string? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } node ? node : null;
}
