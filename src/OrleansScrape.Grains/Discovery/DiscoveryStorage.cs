namespace OrleansScrape.Grains.Discovery;

/// <summary>The grain storage provider holding each discovery shard's last target set.</summary>
public static class DiscoveryStorage
{
    public const string ProviderName = "discovery-state";
}
