using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// A validated OrleansScrape configuration: the Collector-shaped pipelines with the components
/// they use, plus how the silo runs (<c>orleans</c>) and discovers targets (<c>discovery</c>).
/// </summary>
public sealed record OrleansScrapeSettings
{
    /// <summary>Where the configuration came from, for messages.</summary>
    public required string Source { get; init; }

    /// <summary><c>service.pipelines</c>, in the file's order.</summary>
    public required IReadOnlyList<PipelineConfig> Pipelines { get; init; }

    /// <summary>The receivers the pipelines use, each once.</summary>
    public required IReadOnlyList<ComponentConfig> Receivers { get; init; }

    /// <summary>The exporters the pipelines use, each once (one sender chain per silo, shared by its pipelines).</summary>
    public required IReadOnlyList<ComponentConfig> Exporters { get; init; }

    /// <summary>The extensions <c>service.extensions</c> names.</summary>
    public IReadOnlyList<ComponentConfig> Extensions { get; init; } = [];

    /// <summary>The scrape configs of every prometheus receiver in use, as one configuration for the cluster's discovery.</summary>
    public required PrometheusConfig Prometheus { get; init; }

    /// <summary>The prometheus receiver each job of <see cref="Prometheus"/> belongs to.</summary>
    public IReadOnlyDictionary<string, ComponentId> JobReceivers { get; init; } = new Dictionary<string, ComponentId>();

    /// <summary><c>service.telemetry</c>: what self-telemetry is emitted, where it is pushed or served, the log level.</summary>
    public Telemetry.ServiceTelemetryOptions Telemetry { get; init; } = new();

    public OrleansSettings Orleans { get; init; } = new();

    public DiscoverySettings Discovery { get; init; } = new();

    /// <summary>What the read noticed without refusing it (unset environment variables, unused components, keys without effect), for the start-up log.</summary>
    public IReadOnlyList<ConfigWarning> Warnings { get; init; } = [];

    /// <summary>The names of the pipelines a receiver feeds.</summary>
    public IReadOnlyList<string> PipelinesOf(ComponentId receiver) =>
        Pipelines.Where(p => p.Receivers.Any(r => r.Id == receiver)).Select(p => p.Name).ToList();

    /// <summary>Every configured processor with the options type <typeparamref name="T"/>, over all pipelines.</summary>
    public IEnumerable<T> ProcessorOptions<T>() where T : class =>
        Pipelines.SelectMany(p => p.Processors).Select(c => c.Options).OfType<T>();
}
