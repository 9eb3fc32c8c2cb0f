using Orleans.Placement;

namespace OrleansScrape.Grains.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GatewayPlacementAttribute : PlacementAttribute
{
    public GatewayPlacementAttribute()
        : base(GatewayPlacementStrategy.Instance)
    {
    }
}
