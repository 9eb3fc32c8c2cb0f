namespace OrleansScrape.Grains.Placement;

/// <summary>Places grains on silos of role scraper (or all). See <see cref="RolePlacementDirector"/>.</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class ScraperPlacementStrategy : PlacementStrategy
{
    public static readonly ScraperPlacementStrategy Instance = new();
}
