using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>A copy of one OpenMetrics parser entry as strings, so tests can compare after the parser is gone.</summary>
public sealed record OpenMetricsEntry(
    ExpositionEntry Entry,
    int Line,
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    bool HasTimestamp,
    long TimestampMilliseconds,
    long? TimestampNanoseconds,
    string Text,
    MetricKind Kind,
    string FamilyName,
    MetricKind FamilyKind,
    string FamilyHelp,
    string FamilyUnit,
    int FamilyIndex,
    IReadOnlyList<KeyValuePair<string, string>>? ExemplarLabels,
    double ExemplarValue,
    long? ExemplarTimestampNanoseconds);
