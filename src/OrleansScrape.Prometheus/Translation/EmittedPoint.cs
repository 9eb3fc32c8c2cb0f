using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// A point the last scrape produced, remembered so that the next scrape can mark it stale when
/// it is gone, as Prometheus writes a staleness marker for a series that disappears.
/// </summary>
internal sealed class EmittedPoint
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string Unit { get; init; }
    public required MetricType Type { get; init; }
    public required AggregationTemporality Temporality { get; init; }
    public required bool IsMonotonic { get; init; }
    public required InstrumentationScope Scope { get; init; }
    public required Attribute[] Attributes { get; init; }
    public int Generation { get; set; }
    /// <summary>The generation that first produced the point: a scrape that fails forgets the points it never delivered.</summary>
    public required int FirstGeneration { get; init; }
}
