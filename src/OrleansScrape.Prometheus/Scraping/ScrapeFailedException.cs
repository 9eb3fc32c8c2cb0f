namespace OrleansScrape.Prometheus.Scraping;

/// <summary>A scrape that failed for a reason other than the transport or the exposition, e.g. an HTTP error status.</summary>
public sealed class ScrapeFailedException(string message) : Exception(message);
