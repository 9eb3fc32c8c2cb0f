using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>The target groups of a job's <c>static_configs</c>, in Prometheus's target-group shape.</summary>
public static class StaticDiscovery
{
    public static IReadOnlyList<TargetGroup> Groups(ScrapeConfig job) =>
        job.StaticConfigs.Select((group, index) => new TargetGroup
        {
            Source = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Targets = group.Targets.Select(address => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TargetLabelNames.Address] = address,
            }).ToList(),
            Labels = group.Labels,
        }).ToList();
}
