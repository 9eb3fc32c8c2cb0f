namespace OrleansScrape.Abstractions.Grains;

public static class DiscoveryShards
{
    /// <summary>The discovery shard used when the configuration names none.</summary>
    public const string Default = "default";
}
