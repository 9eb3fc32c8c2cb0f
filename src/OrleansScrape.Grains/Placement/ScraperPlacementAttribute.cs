using Orleans.Placement;

namespace OrleansScrape.Grains.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ScraperPlacementAttribute : PlacementAttribute
{
    public ScraperPlacementAttribute()
        : base(ScraperPlacementStrategy.Instance)
    {
    }
}
