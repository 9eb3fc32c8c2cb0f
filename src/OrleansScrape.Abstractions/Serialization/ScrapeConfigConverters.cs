using Orleans.Serialization.Cloning;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Http;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>Lets Orleans carry a <see cref="ScrapeConfig"/> (scrape settings only, see <see cref="ScrapeConfigSurrogate"/>).</summary>
[RegisterConverter]
public sealed class ScrapeConfigConverter : IConverter<ScrapeConfig, ScrapeConfigSurrogate>
{
    public ScrapeConfig ConvertFromSurrogate(in ScrapeConfigSurrogate surrogate) => new()
    {
        JobName = surrogate.JobName,
        ScrapeInterval = surrogate.ScrapeInterval,
        ScrapeTimeout = surrogate.ScrapeTimeout,
        MetricsPath = surrogate.MetricsPath,
        Scheme = surrogate.Scheme,
        HonorLabels = surrogate.HonorLabels,
        HonorTimestamps = surrogate.HonorTimestamps,
        Params = surrogate.Params ?? new Dictionary<string, string[]>(),
        SampleLimit = surrogate.SampleLimit,
        LabelLimit = surrogate.LabelLimit,
        LabelNameLengthLimit = surrogate.LabelNameLengthLimit,
        LabelValueLengthLimit = surrogate.LabelValueLengthLimit,
        BodySizeLimit = surrogate.BodySizeLimit,
        ScrapeProtocols = surrogate.ScrapeProtocols ?? [],
        HttpClient = surrogate.HttpClient ?? new HttpClientConfig(),
        RelabelConfigs = surrogate.RelabelConfigs ?? [],
        MetricRelabelConfigs = surrogate.MetricRelabelConfigs ?? [],
    };

    public ScrapeConfigSurrogate ConvertToSurrogate(in ScrapeConfig value) => new()
    {
        JobName = value.JobName,
        ScrapeInterval = value.ScrapeInterval,
        ScrapeTimeout = value.ScrapeTimeout,
        MetricsPath = value.MetricsPath,
        Scheme = value.Scheme,
        HonorLabels = value.HonorLabels,
        HonorTimestamps = value.HonorTimestamps,
        Params = new Dictionary<string, string[]>(value.Params, StringComparer.Ordinal),
        SampleLimit = value.SampleLimit,
        LabelLimit = value.LabelLimit,
        LabelNameLengthLimit = value.LabelNameLengthLimit,
        LabelValueLengthLimit = value.LabelValueLengthLimit,
        BodySizeLimit = value.BodySizeLimit,
        ScrapeProtocols = [.. value.ScrapeProtocols],
        HttpClient = value.HttpClient,
        RelabelConfigs = [.. value.RelabelConfigs],
        MetricRelabelConfigs = [.. value.MetricRelabelConfigs],
    };
}

[RegisterConverter]
public sealed class RelabelConfigConverter : IConverter<RelabelConfig, RelabelConfigSurrogate>
{
    // The pattern was validated where the config was read, so parsing it again cannot fail.
    public RelabelConfig ConvertFromSurrogate(in RelabelConfigSurrogate surrogate) => new()
    {
        SourceLabels = surrogate.SourceLabels ?? [],
        Separator = surrogate.Separator,
        TargetLabel = surrogate.TargetLabel,
        Regex = surrogate.Regex == RelabelRegex.Default.Pattern ? RelabelRegex.Default : RelabelRegex.Parse(surrogate.Regex),
        Modulus = surrogate.Modulus,
        Replacement = surrogate.Replacement,
        Action = surrogate.Action,
    };

    public RelabelConfigSurrogate ConvertToSurrogate(in RelabelConfig value) => new()
    {
        SourceLabels = [.. value.SourceLabels],
        Separator = value.Separator,
        TargetLabel = value.TargetLabel,
        Regex = value.Regex.Pattern,
        Modulus = value.Modulus,
        Replacement = value.Replacement,
        Action = value.Action,
    };
}

[RegisterConverter]
public sealed class HttpClientConfigConverter : IConverter<HttpClientConfig, HttpClientConfigSurrogate>
{
    public HttpClientConfig ConvertFromSurrogate(in HttpClientConfigSurrogate s) => new()
    {
        BasicAuth = s.HasBasicAuth ? new BasicAuth { Username = s.Username ?? "", UsernameFile = s.UsernameFile, Password = s.Password, PasswordFile = s.PasswordFile } : null,
        Authorization = s.HasAuthorization ? new Authorization { Type = s.AuthorizationType ?? "Bearer", Credentials = s.Credentials, CredentialsFile = s.CredentialsFile } : null,
        TlsConfig = new TlsConfig
        {
            Ca = s.Ca,
            CaFile = s.CaFile,
            Cert = s.Cert,
            CertFile = s.CertFile,
            Key = s.Key,
            KeyFile = s.KeyFile,
            ServerName = s.ServerName,
            InsecureSkipVerify = s.InsecureSkipVerify,
            MinVersion = s.MinVersion,
            MaxVersion = s.MaxVersion,
        },
        FollowRedirects = s.FollowRedirects,
        EnableHttp2 = s.EnableHttp2,
        ProxyUrl = s.ProxyUrl is null ? null : new Uri(s.ProxyUrl),
    };

    public HttpClientConfigSurrogate ConvertToSurrogate(in HttpClientConfig value) => new()
    {
        HasBasicAuth = value.BasicAuth is not null,
        Username = value.BasicAuth?.Username,
        UsernameFile = value.BasicAuth?.UsernameFile,
        Password = value.BasicAuth?.Password,
        PasswordFile = value.BasicAuth?.PasswordFile,
        HasAuthorization = value.Authorization is not null,
        AuthorizationType = value.Authorization?.Type,
        Credentials = value.Authorization?.Credentials,
        CredentialsFile = value.Authorization?.CredentialsFile,
        Ca = value.TlsConfig.Ca,
        CaFile = value.TlsConfig.CaFile,
        Cert = value.TlsConfig.Cert,
        CertFile = value.TlsConfig.CertFile,
        Key = value.TlsConfig.Key,
        KeyFile = value.TlsConfig.KeyFile,
        ServerName = value.TlsConfig.ServerName,
        InsecureSkipVerify = value.TlsConfig.InsecureSkipVerify,
        MinVersion = value.TlsConfig.MinVersion,
        MaxVersion = value.TlsConfig.MaxVersion,
        FollowRedirects = value.FollowRedirects,
        EnableHttp2 = value.EnableHttp2,
        ProxyUrl = value.ProxyUrl?.OriginalString,
    };
}

/// <summary>Scrape configs are immutable records, so copies share them.</summary>
[RegisterCopier]
public sealed class ScrapeConfigCopier : IDeepCopier<ScrapeConfig>
{
    public ScrapeConfig? DeepCopy(ScrapeConfig? input, CopyContext context) => input;
}

/// <summary>Relabel configs are immutable records, so copies share them.</summary>
[RegisterCopier]
public sealed class RelabelConfigCopier : IDeepCopier<RelabelConfig>
{
    public RelabelConfig? DeepCopy(RelabelConfig? input, CopyContext context) => input;
}

/// <summary>HTTP client settings are immutable records, so copies share them.</summary>
[RegisterCopier]
public sealed class HttpClientConfigCopier : IDeepCopier<HttpClientConfig>
{
    public HttpClientConfig? DeepCopy(HttpClientConfig? input, CopyContext context) => input;
}
