using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansScrape.Grains.Placement;

public sealed class ScraperPlacementDirector(ISiloMetadataCache metadata) : RolePlacementDirector(metadata)
{
    protected override string RequiredRole => SiloRole.Scraper;

    // Target grains go where the discovery grain's allocation plan says; the hash is the fallback.
    protected override bool FollowsPlacementHint => true;
}
