using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// What a scrape's translation needs to know about its target and job: the labels the target
/// attaches to every series, how conflicts resolve, the metric relabeling and the limits.
/// </summary>
public sealed record TranslationOptions
{
    /// <summary>The target's labels, <c>job</c> and <c>instance</c> included.</summary>
    public IReadOnlyList<Label> TargetLabels { get; init; } = [];
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public Relabeler MetricRelabeling { get; init; } = Relabeler.Empty;
    /// <summary>Most samples a scrape may keep after metric relabeling; 0 = no limit.</summary>
    public int SampleLimit { get; init; }
    /// <summary>Most labels a series may have; 0 = no limit.</summary>
    public int LabelLimit { get; init; }
    public int LabelNameLengthLimit { get; init; }
    public int LabelValueLengthLimit { get; init; }
}
