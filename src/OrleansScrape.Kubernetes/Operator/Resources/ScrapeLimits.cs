namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>The per-job limits every monitor kind carries in its spec; null means not set.</summary>
public sealed record ScrapeLimits
{
    public ulong? SampleLimit { get; init; }
    public ulong? TargetLimit { get; init; }
    public ulong? LabelLimit { get; init; }
    public ulong? LabelNameLengthLimit { get; init; }
    public ulong? LabelValueLengthLimit { get; init; }
    /// <summary><c>bodySizeLimit</c> in bytes.</summary>
    public long? BodySizeLimit { get; init; }
    /// <summary><c>scrapeProtocols</c>; empty means the <c>prometheus_cr</c> default.</summary>
    public IReadOnlyList<string> ScrapeProtocols { get; init; } = [];
}
