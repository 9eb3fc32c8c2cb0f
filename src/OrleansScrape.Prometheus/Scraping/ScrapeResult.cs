using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// The outcome of one scrape: the batch to forward (always present: a failed scrape still
/// carries <c>up</c> = 0 and the staleness markers of the target's series) and what went wrong.
/// </summary>
public sealed record ScrapeResult
{
    public required MetricBatch Batch { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required TimeSpan Duration { get; init; }
    public int SamplesScraped { get; init; }
    public int SamplesPostRelabeling { get; init; }
    public int SeriesAdded { get; init; }
    public string? Error { get; init; }
    public bool Up => Error is null;
}
