namespace OrleansScrape.Abstractions.Serialization;

[GenerateSerializer]
public struct ScrapeTargetSurrogate
{
    [Id(0)] public string Job;
    [Id(1)] public string Instance;
    [Id(2)] public string Scheme;
    [Id(3)] public string Address;
    [Id(4)] public string MetricsPath;
    [Id(5)] public TimeSpan ScrapeInterval;
    [Id(6)] public TimeSpan ScrapeTimeout;
    [Id(7)] public bool HonorTimestamps;
    [Id(8)] public Dictionary<string, string> Labels;
    [Id(9)] public Dictionary<string, string[]> Params;
    [Id(10)] public string ScrapeConfigName;
    [Id(11)] public Dictionary<string, string> DiscoveredLabels;
    [Id(12)] public string ScrapeConfigVersion;
}
