using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansScrape.Grains.Placement;

/// <summary>A scraper silo as the allocation sees it: its name (the collector id), node and address.</summary>
public sealed record ScraperSilo(string Name, string? Node, SiloAddress Address);

/// <summary>
/// Reads the scraper pool (silos of role scraper or all) from cluster membership and silo
/// metadata. A silo whose metadata has not arrived yet is not counted as allocatable.
/// </summary>
public sealed class ScraperSilos(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public IAsyncEnumerable<ClusterMembershipSnapshot> Updates => membership.MembershipUpdates;

    /// <summary>Active scraper silos, one per name (the newest generation wins if a name is seen twice).</summary>
    public IReadOnlyList<ScraperSilo> Allocatable()
    {
        var byName = new Dictionary<string, ScraperSilo>(StringComparer.Ordinal);
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active)
            {
                continue;
            }
            var data = metadata.GetSiloMetadata(member.SiloAddress).Metadata;
            data.TryGetValue(SiloRole.MetadataKey, out var role);
            if (!SiloRole.Serves(role, SiloRole.Scraper))
            {
                continue;
            }
            data.TryGetValue(SiloNode.MetadataKey, out var node);
            var name = string.IsNullOrEmpty(member.Name) ? member.SiloAddress.ToString() : member.Name;
            if (!byName.TryGetValue(name, out var seen) || seen.Address.Generation < member.SiloAddress.Generation)
            {
                byName[name] = new ScraperSilo(name, node, member.SiloAddress);
            }
        }
        return byName.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Scraper silos known to membership that have not left (joining, active or shutting down).</summary>
    public int Discovered() => membership.CurrentSnapshot.Members.Values.Count(member =>
        (member.Status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Stopping)
        && (!metadata.GetSiloMetadata(member.SiloAddress).Metadata.TryGetValue(SiloRole.MetadataKey, out var role) || SiloRole.Serves(role, SiloRole.Scraper)));

    /// <summary>Every member with its status: changes whenever a silo joins, stops or dies.</summary>
    public string Fingerprint() => string.Join(",", membership.CurrentSnapshot.Members.Values
        .Select(m => $"{m.SiloAddress}={m.Status}:{metadata.GetSiloMetadata(m.SiloAddress).Metadata.Count}").Order(StringComparer.Ordinal));

    /// <summary>Whether every active silo's metadata (and so its role) is known.</summary>
    public bool MetadataComplete() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .All(m => metadata.GetSiloMetadata(m.SiloAddress).Metadata.Count > 0);
}
