using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// A validated OrleansScrape configuration: the Collector-shaped pipeline (prometheus receiver,
/// processors in order, exporters) plus how the silo runs.
/// </summary>
public sealed record OrleansScrapeSettings
{
    /// <summary>Where the configuration came from, for messages.</summary>
    public required string Source { get; init; }
    public required PrometheusConfig Prometheus { get; init; }
    public IReadOnlyList<ProcessorSettings> Processors { get; init; } = [];
    public required ExportPipelineOptions Batching { get; init; }
    public required IReadOnlyList<ExporterSettings> Exporters { get; init; }
    public OrleansSettings Orleans { get; init; } = new();
    public DiscoverySettings Discovery { get; init; } = new();
    /// <summary>The memory limiter, when the pipeline names one: series grains refuse data above its soft limit.</summary>
    public Processing.MemoryLimiter.MemoryLimiterOptions? MemoryLimiter { get; init; }
    /// <summary>What the read noticed without refusing it (unset environment variables, unused components), for the start-up log.</summary>
    public IReadOnlyList<ConfigWarning> Warnings { get; init; } = [];
    /// <summary>The OTLP receiver of gateway silos, when the pipeline names one.</summary>
    public OtlpReceiver.OtlpReceiverOptions? OtlpReceiver { get; init; }
}
