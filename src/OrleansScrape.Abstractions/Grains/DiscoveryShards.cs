namespace OrleansScrape.Abstractions.Grains;

public static class DiscoveryShards
{
    /// <summary>
    /// The discovery shard that always exists: the only one when the configuration names none, else the owner of
    /// every namespace no other shard lists and of all discovery that is not per namespace.
    /// </summary>
    public const string Default = "default";
}
