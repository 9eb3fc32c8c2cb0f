using OrleansScrape.Prometheus.Http;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>
/// What a scraper needs of a scrape config. Service discovery settings stay with the discovery
/// grain, so they are not carried.
/// </summary>
[GenerateSerializer]
public struct ScrapeConfigSurrogate
{
    [Id(0)] public string JobName;
    [Id(1)] public TimeSpan ScrapeInterval;
    [Id(2)] public TimeSpan ScrapeTimeout;
    [Id(3)] public string MetricsPath;
    [Id(4)] public string Scheme;
    [Id(5)] public bool HonorLabels;
    [Id(6)] public bool HonorTimestamps;
    [Id(7)] public Dictionary<string, string[]> Params;
    [Id(8)] public int SampleLimit;
    [Id(9)] public int LabelLimit;
    [Id(10)] public int LabelNameLengthLimit;
    [Id(11)] public int LabelValueLengthLimit;
    [Id(12)] public long BodySizeLimit;
    [Id(13)] public string[] ScrapeProtocols;
    [Id(14)] public HttpClientConfig HttpClient;
    [Id(15)] public RelabelConfig[] RelabelConfigs;
    [Id(16)] public RelabelConfig[] MetricRelabelConfigs;
}

[GenerateSerializer]
public struct RelabelConfigSurrogate
{
    [Id(0)] public string[] SourceLabels;
    [Id(1)] public string Separator;
    [Id(2)] public string TargetLabel;
    [Id(3)] public string Regex;
    [Id(4)] public ulong Modulus;
    [Id(5)] public string Replacement;
    [Id(6)] public RelabelAction Action;
}

[GenerateSerializer]
public struct HttpClientConfigSurrogate
{
    [Id(0)] public bool HasBasicAuth;
    [Id(1)] public string? Username;
    [Id(2)] public string? UsernameFile;
    [Id(3)] public string? Password;
    [Id(4)] public string? PasswordFile;
    [Id(5)] public bool HasAuthorization;
    [Id(6)] public string? AuthorizationType;
    [Id(7)] public string? Credentials;
    [Id(8)] public string? CredentialsFile;
    [Id(9)] public string? Ca;
    [Id(10)] public string? CaFile;
    [Id(11)] public string? Cert;
    [Id(12)] public string? CertFile;
    [Id(13)] public string? Key;
    [Id(14)] public string? KeyFile;
    [Id(15)] public string? ServerName;
    [Id(16)] public bool InsecureSkipVerify;
    [Id(17)] public TlsVersion? MinVersion;
    [Id(18)] public TlsVersion? MaxVersion;
    [Id(19)] public bool FollowRedirects;
    [Id(20)] public bool EnableHttp2;
    [Id(21)] public string? ProxyUrl;
}
