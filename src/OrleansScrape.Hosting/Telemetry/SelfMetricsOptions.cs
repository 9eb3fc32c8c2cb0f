using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary><c>service.telemetry.metrics</c>: the level and the readers of OrleansScrape's own metrics.</summary>
public sealed record SelfMetricsOptions : IValidatedOptions
{
    public SelfMetricsLevel Level { get; init; } = SelfMetricsLevel.Normal;

    /// <summary>
    /// Readers besides the silo's own <c>/metrics</c>. None by default: the silo's HTTP port already
    /// serves what the Collector's default <c>localhost:8888</c> reader serves.
    /// </summary>
    public IReadOnlyList<SelfMetricsReaderOptions> Readers { get; init; } = [];

    public IReadOnlyList<ConfigProblem> Validate() =>
        Readers.SelectMany((reader, i) => reader.Validate().Select(p => p with { Key = $"readers[{i}].{p.Key}" })).ToList();
}
