namespace OrleansScrape.Prometheus.Translation;

/// <summary>What one translation of a scraped body did.</summary>
/// <param name="SamplesScraped">Every sample line of the body.</param>
/// <param name="PointsAdded">Points appended to the builder.</param>
/// <param name="SkippedSamples">Sample lines not translated (histogram and summary families).</param>
public readonly record struct TranslationStats(int SamplesScraped, int PointsAdded, int SkippedSamples);
