using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Configuration;

/// <summary>One entry of <c>scrape_configs</c>, with the global defaults already applied.</summary>
public sealed record ScrapeConfig
{
    public required string JobName { get; init; }
    public required TimeSpan ScrapeInterval { get; init; }
    public required TimeSpan ScrapeTimeout { get; init; }
    public string MetricsPath { get; init; } = "/metrics";
    public string Scheme { get; init; } = "http";
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public IReadOnlyDictionary<string, string[]> Params { get; init; } = new Dictionary<string, string[]>();
    /// <summary>Most samples a scrape may keep after metric relabeling; 0 = no limit.</summary>
    public int SampleLimit { get; init; }
    public int LabelLimit { get; init; }
    public int LabelNameLengthLimit { get; init; }
    public int LabelValueLengthLimit { get; init; }
    /// <summary>Largest uncompressed body accepted, in bytes; 0 = no limit.</summary>
    public long BodySizeLimit { get; init; }
    /// <summary>Protocols offered in the Accept header, most preferred first.</summary>
    public IReadOnlyList<string> ScrapeProtocols { get; init; } = Exposition.ScrapeProtocols.Default;
    public HttpClientConfig HttpClient { get; init; } = new();
    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; init; } = [];
    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; init; } = [];
    public IReadOnlyList<StaticConfig> StaticConfigs { get; init; } = [];

    /// <summary>The entries of every <c>*_sd_configs</c> list, in the configuration's order, each with its kind.</summary>
    public IReadOnlyList<ServiceDiscoveryConfig> ServiceDiscoveryConfigs { get; init; } = [];

    /// <summary>The settings of the entries of one kind, by its config type (<see cref="KubernetesSdConfig"/> ...).</summary>
    public IReadOnlyList<TConfig> SdConfigs<TConfig>()
        where TConfig : class => ServiceDiscoveryConfigs.Select(e => e.Config).OfType<TConfig>().ToList();
}
