namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// The HTTP client settings Prometheus reads inline from a scrape config or an <c>http_sd_configs</c>
/// entry (its <c>common/config</c> <c>HTTPClientConfig</c>), with relative file paths already resolved.
/// </summary>
public sealed record HttpClientConfig
{
    /// <summary>What <see cref="Redacted"/> puts in place of a secret, as Prometheus prints it.</summary>
    public const string RedactedSecret = "<secret>";

    public BasicAuth? BasicAuth { get; init; }
    /// <summary>Also holds the legacy <c>bearer_token</c> / <c>bearer_token_file</c>, as type <c>Bearer</c>.</summary>
    public Authorization? Authorization { get; init; }
    public TlsConfig TlsConfig { get; init; } = new();
    public bool FollowRedirects { get; init; } = true;
    public bool EnableHttp2 { get; init; } = true;
    /// <summary>A plain <c>http://</c> proxy every request goes through; without it no proxy is used, not even the environment's.</summary>
    public Uri? ProxyUrl { get; init; }

    /// <summary>A copy safe to show: passwords, credentials and keys become <see cref="RedactedSecret"/>, a proxy password <c>xxxxx</c>.</summary>
    public HttpClientConfig Redacted() => this with
    {
        BasicAuth = BasicAuth is null ? null : BasicAuth with { Password = Redact(BasicAuth.Password) },
        Authorization = Authorization is null ? null : Authorization with { Credentials = Redact(Authorization.Credentials) },
        TlsConfig = TlsConfig with { Key = Redact(TlsConfig.Key) },
        ProxyUrl = ProxyUrl is { UserInfo: var userInfo } && userInfo.Contains(':') ? new UriBuilder(ProxyUrl) { Password = "xxxxx" }.Uri : ProxyUrl,
    };

    private static string? Redact(string? secret) => secret is null ? null : RedactedSecret;
}
