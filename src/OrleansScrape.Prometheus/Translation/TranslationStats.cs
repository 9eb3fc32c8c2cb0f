namespace OrleansScrape.Prometheus.Translation;

/// <param name="SamplesScraped">Sample lines in the exposition (Prometheus's <c>scrape_samples_scraped</c>).</param>
/// <param name="SamplesPostRelabeling">Samples kept by metric relabeling (<c>scrape_samples_post_metric_relabeling</c>).</param>
/// <param name="SeriesAdded">Series not seen in the previous scrape (<c>scrape_series_added</c>).</param>
/// <param name="PointsAdded">OTLP data points produced, staleness markers included.</param>
/// <param name="SkippedSamples">Samples not translated: gauge histograms, histograms without <c>+Inf</c>, target_info.</param>
/// <param name="StaleMarkers">Points marked stale because their series vanished.</param>
public readonly record struct TranslationStats(
    int SamplesScraped,
    int SamplesPostRelabeling,
    int SeriesAdded,
    int PointsAdded,
    int SkippedSamples,
    int StaleMarkers);
