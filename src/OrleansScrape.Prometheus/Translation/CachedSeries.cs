using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// What the translator learned the first time it saw a series line (metric name and labels, as
/// raw bytes): everything a later scrape needs to turn the same line into a point with a hash
/// lookup instead of label parsing, relabeling and string decoding.
/// </summary>
internal sealed class CachedSeries
{
    public required byte[] RawKey { get; init; }
    /// <summary>Dropped by metric relabeling.</summary>
    public bool Dropped { get; init; }
    /// <summary>A label limit this series breaks: every scrape that contains it fails.</summary>
    public string? LimitError { get; init; }
    public SampleRole Role { get; init; }
    /// <summary>The metric name after relabeling.</summary>
    public string Name { get; init; } = "";
    /// <summary>Point attributes, sorted by key: labels minus <c>__name__</c>, <c>job</c>, <c>instance</c>, <c>le</c>/<c>quantile</c> and the scope labels.</summary>
    public Attribute[] Attributes { get; init; } = [];
    public InstrumentationScope? Scope { get; init; }
    /// <summary>Identity of the point this sample belongs to within its family: attributes and scope.</summary>
    public ulong PointKey { get; init; }
    /// <summary>The <c>le</c> or <c>quantile</c> of bucket and quantile samples.</summary>
    public double Bound { get; init; }
    /// <summary>
    /// The family (name and declared type) the series was described under: its role depends on it, so a
    /// line that turns up under another family or type (the exporter changed) is described again.
    /// </summary>
    public string FamilyName { get; init; } = "";
    public MetricKind FamilyKind { get; init; }
    /// <summary>Counts towards <c>scrape_series_added</c>: kept by relabeling and within the label limits.</summary>
    public bool Counted => !Dropped && LimitError is null;
    /// <summary>The generation (scrape) that last saw this series, for evicting series gone from the target.</summary>
    public int Generation { get; set; }
}
