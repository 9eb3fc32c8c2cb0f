namespace OrleansScrape.Prometheus.Discovery;

/// <summary>One entry of <c>http_sd_configs</c>: the URL that serves target groups as JSON.</summary>
public sealed record HttpSdConfig
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(60);

    /// <summary>The http or https URL as configured; also the value of <c>__meta_url</c> and the prefix of each Source.</summary>
    public required string Url { get; init; }

    /// <summary>How often the URL is fetched; also the timeout of each fetch, as in Prometheus.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>
    /// What the HTTP client settings reader returned for this entry's client keys (basic_auth, authorization,
    /// tls_config, ...), or null; whoever builds the <see cref="HttpClient"/> for the discoverer interprets it.
    /// </summary>
    public object? HttpClientSettings { get; init; }
}
