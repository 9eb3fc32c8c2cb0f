using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// The outcome of one scrape: the batch to forward (always present: a failed scrape still
/// carries the synthetic <c>up</c> = 0 series) and what went wrong, if anything.
/// </summary>
public sealed record ScrapeResult
{
    public required MetricBatch Batch { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required TimeSpan Duration { get; init; }
    public int SamplesScraped { get; init; }
    public string? Error { get; init; }
    public bool Up => Error is null;
}
