using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>A copy of one parser entry as strings, so tests can compare after the parser is gone.</summary>
public sealed record ParsedEntry(
    ExpositionEntry Entry,
    int Line,
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    bool HasTimestamp,
    long Timestamp,
    string Text,
    MetricKind Kind,
    string FamilyName,
    MetricKind FamilyKind,
    int FamilyIndex);
