namespace OrleansScrape.Grains;

public static class HttpClientNames
{
    /// <summary>The client target grains scrape with: automatic gzip, no cookies, no redirect limit surprises.</summary>
    public const string Scrape = "orleans-scrape.scrape";
}
