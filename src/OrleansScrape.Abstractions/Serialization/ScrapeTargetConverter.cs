using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>Lets Orleans carry <see cref="ScrapeTarget"/>, defined in the Orleans-free Prometheus library.</summary>
[RegisterConverter]
public sealed class ScrapeTargetConverter : IConverter<ScrapeTarget, ScrapeTargetSurrogate>
{
    public ScrapeTarget ConvertFromSurrogate(in ScrapeTargetSurrogate surrogate) => new()
    {
        Job = surrogate.Job,
        Instance = surrogate.Instance,
        Scheme = surrogate.Scheme,
        Address = surrogate.Address,
        MetricsPath = surrogate.MetricsPath,
        ScrapeInterval = surrogate.ScrapeInterval,
        ScrapeTimeout = surrogate.ScrapeTimeout,
        HonorTimestamps = surrogate.HonorTimestamps,
        Labels = surrogate.Labels,
        Params = surrogate.Params,
        ScrapeConfigName = surrogate.ScrapeConfigName ?? "",
        DiscoveredLabels = surrogate.DiscoveredLabels ?? new Dictionary<string, string>(),
        ScrapeConfigVersion = surrogate.ScrapeConfigVersion ?? "",
    };

    public ScrapeTargetSurrogate ConvertToSurrogate(in ScrapeTarget value) => new()
    {
        Job = value.Job,
        Instance = value.Instance,
        Scheme = value.Scheme,
        Address = value.Address,
        MetricsPath = value.MetricsPath,
        ScrapeInterval = value.ScrapeInterval,
        ScrapeTimeout = value.ScrapeTimeout,
        HonorTimestamps = value.HonorTimestamps,
        Labels = new Dictionary<string, string>(value.Labels, StringComparer.Ordinal),
        Params = new Dictionary<string, string[]>(value.Params, StringComparer.Ordinal),
        ScrapeConfigName = value.ScrapeConfigName,
        DiscoveredLabels = new Dictionary<string, string>(value.DiscoveredLabels, StringComparer.Ordinal),
        ScrapeConfigVersion = value.ScrapeConfigVersion,
    };
}
