namespace OrleansScrape.Grains.Placement;

/// <summary>
/// The role a silo plays, published as silo metadata under <see cref="MetadataKey"/> so that
/// placement directors can pick silos by role.
/// </summary>
public static class SiloRole
{
    public const string MetadataKey = "role";
    public const string Scraper = "scraper";
    public const string Gateway = "gateway";
    public const string All = "all";

    public static readonly IReadOnlyList<string> Known = [Scraper, Gateway, All];

    public static bool IsKnown(string role) => Known.Contains(role);

    /// <summary>Whether a silo of <paramref name="siloRole"/> may host grains that need <paramref name="requiredRole"/>.</summary>
    public static bool Serves(string? siloRole, string requiredRole) =>
        siloRole == requiredRole || siloRole == All;
}
