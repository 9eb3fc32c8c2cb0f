using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// One entry of a ServiceMonitor's <c>endpoints</c> or a PodMonitor's <c>podMetricsEndpoints</c>:
/// which port to scrape and how. Durations are parsed; relabel rules are validated.
/// </summary>
public sealed record MonitorEndpoint
{
    /// <summary><c>port</c>: the port's name (Service port for ServiceMonitor, container port for PodMonitor).</summary>
    public string? Port { get; init; }
    /// <summary>PodMonitor <c>portNumber</c>: the container port's number.</summary>
    public int? PortNumber { get; init; }
    /// <summary>The deprecated <c>targetPort</c>: a container port's name or number, as text.</summary>
    public string? TargetPort { get; init; }
    /// <summary>Whether <see cref="TargetPort"/> was given as a number.</summary>
    public bool TargetPortIsNumber { get; init; }
    public string? Path { get; init; }
    public string? Scheme { get; init; }
    public IReadOnlyDictionary<string, string[]> Params { get; init; } = new Dictionary<string, string[]>(StringComparer.Ordinal);
    public TimeSpan? Interval { get; init; }
    public TimeSpan? ScrapeTimeout { get; init; }
    public bool HonorLabels { get; init; }
    public bool? HonorTimestamps { get; init; }
    /// <summary><c>filterRunning</c>: drop targets of pods that have finished (default true).</summary>
    public bool FilterRunning { get; init; } = true;
    public IReadOnlyList<RelabelConfig> Relabelings { get; init; } = [];
    public IReadOnlyList<RelabelConfig> MetricRelabelings { get; init; } = [];
    public MonitorHttpSettings Http { get; init; } = MonitorHttpSettings.None;
}
