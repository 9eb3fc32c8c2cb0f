namespace OrleansScrape.Prometheus.Translation;

/// <summary>A scrape broke one of its job's limits (samples, labels); Prometheus fails such a scrape whole.</summary>
public sealed class ScrapeLimitException(string message) : Exception(message);
