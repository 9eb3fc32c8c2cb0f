namespace OrleansScrape.Grains.Series;

public static class SeriesStorage
{
    /// <summary>The grain storage provider that holds series checkpoints.</summary>
    public const string ProviderName = "series-state";
}
