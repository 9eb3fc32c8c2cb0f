namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// One target group as service discovery produced it, in Prometheus's model: a set of targets
/// (each a label set holding at least <c>__address__</c>) and labels shared by all of them.
/// Immutable, with value equality so a refresh that yields the same groups is recognised as no change.
/// </summary>
public sealed record TargetGroup
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Identifies the group within its discovery, e.g. <c>/etc/sd/a.json:0</c> or <c>http://sd/targets:2</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The targets, each a label set with at least <c>__address__</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Targets { get; init; } = [];

    /// <summary>Labels common to every target of the group, including the discovery's <c>__meta_*</c> labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;

    public bool Equals(TargetGroup? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || Source != other.Source || Targets.Count != other.Targets.Count || !SameLabels(Labels, other.Labels))
        {
            return false;
        }
        for (var i = 0; i < Targets.Count; i++)
        {
            if (!SameLabels(Targets[i], other.Targets[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Source, Targets.Count, Labels.Count);

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(l => b.TryGetValue(l.Key, out var v) && v == l.Value);
}
