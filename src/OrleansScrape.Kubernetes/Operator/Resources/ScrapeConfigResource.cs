using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// A <c>monitoring.coreos.com/v1alpha1</c> ScrapeConfig: a native scrape job in CR form. Only the
/// service discoveries OrleansScrape has (static, file, HTTP, Kubernetes) are accepted.
/// </summary>
public sealed record ScrapeConfigResource
{
    public required ResourceMetadata Metadata { get; init; }
    /// <summary><c>jobName</c>: the <c>job</c> label's value; the scrape config's own name stays <c>scrapeConfig/ns/name</c>.</summary>
    public string? JobName { get; init; }
    public TimeSpan? ScrapeInterval { get; init; }
    public TimeSpan? ScrapeTimeout { get; init; }
    public string? MetricsPath { get; init; }
    public string? Scheme { get; init; }
    public bool? HonorLabels { get; init; }
    public bool? HonorTimestamps { get; init; }
    public IReadOnlyDictionary<string, string[]> Params { get; init; } = new Dictionary<string, string[]>(StringComparer.Ordinal);
    public ScrapeLimits Limits { get; init; } = new();
    public MonitorHttpSettings Http { get; init; } = MonitorHttpSettings.None;
    public IReadOnlyList<RelabelConfig> Relabelings { get; init; } = [];
    public IReadOnlyList<RelabelConfig> MetricRelabelings { get; init; } = [];
    public IReadOnlyList<StaticConfig> StaticConfigs { get; init; } = [];
    public IReadOnlyList<FileSdConfig> FileSdConfigs { get; init; } = [];
    public IReadOnlyList<HttpSdConfig> HttpSdConfigs { get; init; } = [];
    public IReadOnlyList<KubernetesSdConfig> KubernetesSdConfigs { get; init; } = [];
}
