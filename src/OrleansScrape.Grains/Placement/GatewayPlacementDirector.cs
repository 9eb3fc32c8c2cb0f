using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansScrape.Grains.Placement;

public sealed class GatewayPlacementDirector(ISiloMetadataCache metadata) : RolePlacementDirector(metadata)
{
    protected override string RequiredRole => SiloRole.Gateway;
}
