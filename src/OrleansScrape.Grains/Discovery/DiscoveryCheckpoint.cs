namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// A discovery shard's saved target set: the targets (Orleans-serialized, so the storage's own
/// serializer only sees bytes) and the silo each was assigned to, so a new activation re-ensures
/// them (with the generated scrape configs they need) before its sources have relisted and the allocation starts from where it was.
/// </summary>
[GenerateSerializer]
public sealed class DiscoveryCheckpoint
{
    [Id(0)] public byte[] Targets { get; set; } = [];
    [Id(1)] public string[] Keys { get; set; } = [];
    [Id(2)] public string[] Silos { get; set; } = [];
    /// <summary>The scrape configs generated from custom resources (Orleans-serialized), so their targets can be scraped before the resources are listed again.</summary>
    [Id(3)] public byte[] GeneratedJobs { get; set; } = [];
}
