using OpenTelemetry.Exporter;
using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// <c>readers[].pull.exporter.prometheus</c>: self-metrics served in the Prometheus text format at
/// <c>http://host:port/metrics</c> by a listener of its own (the Collector's default reader is
/// <c>localhost:8888</c>). The silo's HTTP port keeps its own <c>/metrics</c>.
/// </summary>
public sealed record PrometheusPullReaderOptions : SelfMetricsReaderOptions
{
    public const string DefaultHost = "localhost";
    public const int DefaultPort = 8888;

    /// <summary>An IP address, <c>localhost</c>, or empty for every interface.</summary>
    public string Host { get; init; } = DefaultHost;

    public int Port { get; init; } = DefaultPort;

    /// <summary><c>without_type_suffix</c>: counters are not given <c>_total</c>.</summary>
    public bool WithoutTypeSuffix { get; init; }

    /// <summary>
    /// <c>without_units</c>: no unit suffix. The .NET exporter drops unit suffixes only together with
    /// type suffixes, so this is honoured only with <see cref="WithoutTypeSuffix"/> (a warning says so otherwise).
    /// </summary>
    public bool WithoutUnits { get; init; }

    /// <summary><c>without_scope_info</c>: no <c>otel_scope_*</c> labels.</summary>
    public bool WithoutScopeInfo { get; init; }

    /// <summary><c>without_target_info</c>: no <c>target_info</c> series carrying the resource.</summary>
    public bool WithoutTargetInfo { get; init; }

    /// <summary><c>translation_strategy</c> of the newer schema; null derives it from the <c>without_*</c> keys.</summary>
    public PrometheusAspNetCoreTranslationStrategy? TranslationStrategy { get; init; }

    /// <summary><c>with_resource_constant_labels</c>; null adds no resource attribute as a label.</summary>
    public PrometheusResourceLabels? ResourceConstantLabels { get; init; }

    /// <summary>Whether the .NET exporter can honour <see cref="WithoutUnits"/> as asked.</summary>
    public bool WithoutUnitsHonoured => !WithoutUnits || WithoutTypeSuffix || TranslationStrategy is not null;

    internal ListenEndpoint ListenEndpoint =>
        ListenEndpoint.TryCreate(Host, Port, out var endpoint, out var error) ? endpoint : throw new InvalidOperationException(error);

    public override IReadOnlyList<ConfigProblem> Validate() =>
        ValidateExporter().Select(p => p with { Key = $"pull.exporter.prometheus.{p.Key}" }).ToList();

    /// <summary>Problems keyed below the <c>prometheus</c> mapping.</summary>
    internal IReadOnlyList<ConfigProblem> ValidateExporter()
    {
        var problems = new List<ConfigProblem>();
        if (Port is < 0 or > 65535)
        {
            problems.Add(new ConfigProblem("port", $"{Port} is not a port (0 to 65535)"));
        }
        else if (!ListenEndpoint.TryCreate(Host, Port, out _, out var error))
        {
            problems.Add(new ConfigProblem("host", error));
        }
        if (TranslationStrategy is not null && (WithoutTypeSuffix || WithoutUnits))
        {
            problems.Add(new ConfigProblem("translation_strategy", "cannot be combined with without_type_suffix or without_units: the strategy already says which suffixes are written"));
        }
        if (ResourceConstantLabels is { } labels && labels.Included.Intersect(labels.Excluded, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            problems.Add(new ConfigProblem("with_resource_constant_labels", $"\"{both}\" is both included and excluded"));
        }
        return problems;
    }
}
