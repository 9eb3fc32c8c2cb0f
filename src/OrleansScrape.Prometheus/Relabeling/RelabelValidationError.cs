namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Why a <see cref="RelabelConfig"/> is invalid, worded as Prometheus words it, and the YAML key the
/// problem belongs to (null when it concerns the rule as a whole) so a reader can point at its line.
/// </summary>
public sealed record RelabelValidationError(string? Key, string Message);
