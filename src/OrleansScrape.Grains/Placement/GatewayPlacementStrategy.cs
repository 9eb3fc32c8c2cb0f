namespace OrleansScrape.Grains.Placement;

/// <summary>Places grains on silos of role gateway (or all). See <see cref="RolePlacementDirector"/>.</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class GatewayPlacementStrategy : PlacementStrategy
{
    public static readonly GatewayPlacementStrategy Instance = new();
}
