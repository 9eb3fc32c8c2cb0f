namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// A Kubernetes label selector (<c>matchLabels</c> and <c>matchExpressions</c>, ANDed). A selector
/// with neither matches everything; the absence of a selector is modelled by its owner as null,
/// which upstream reads as "matches nothing".
/// </summary>
public sealed record LabelSelector
{
    public static LabelSelector Everything { get; } = new();

    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<LabelSelectorRequirement> MatchExpressions { get; init; } = [];

    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The selector in the API server's <c>labelSelector</c> query syntax, e.g. <c>app=web,tier in (a,b),!legacy</c>.</summary>
    public string ToQuery() => string.Join(",",
        MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")
            .Concat(MatchExpressions.Select(e => e.Operator switch
            {
                LabelSelectorOperator.In => $"{e.Key} in ({string.Join(",", e.Values)})",
                LabelSelectorOperator.NotIn => $"{e.Key} notin ({string.Join(",", e.Values)})",
                LabelSelectorOperator.Exists => e.Key,
                _ => $"!{e.Key}",
            })));

    public override string ToString() =>
        IsEmpty ? "{}" : string.Join(",", MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")
            .Concat(MatchExpressions.Select(e => $"{e.Key} {e.Operator} ({string.Join(",", e.Values)})")));
}
