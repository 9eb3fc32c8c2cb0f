namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// <c>with_resource_constant_labels</c>: which resource attributes become labels of every series.
/// An empty <see cref="Included"/> list includes every attribute not <see cref="Excluded"/>.
/// </summary>
public sealed record PrometheusResourceLabels
{
    public IReadOnlyList<string> Included { get; init; } = [];

    public IReadOnlyList<string> Excluded { get; init; } = [];

    public bool Includes(string attribute) =>
        !Excluded.Contains(attribute, StringComparer.Ordinal)
        && (Included.Count == 0 || Included.Contains(attribute, StringComparer.Ordinal));
}
