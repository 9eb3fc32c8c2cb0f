namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// The HTTP client fields of a monitor endpoint or ScrapeConfig: auth and TLS by reference to
/// Secrets/ConfigMaps (resolved when translating), proxy and redirects.
/// </summary>
public sealed record MonitorHttpSettings
{
    public static MonitorHttpSettings None { get; } = new();

    public BasicAuthReference? BasicAuth { get; init; }
    /// <summary>The deprecated <c>bearerTokenSecret</c>.</summary>
    public KeyReference? BearerTokenSecret { get; init; }
    /// <summary>The deprecated <c>bearerTokenFile</c> (a path in the OrleansScrape pod).</summary>
    public string? BearerTokenFile { get; init; }
    public AuthorizationReference? Authorization { get; init; }
    public TlsReference? Tls { get; init; }
    public string? ProxyUrl { get; init; }
    public bool? FollowRedirects { get; init; }
    public bool? EnableHttp2 { get; init; }
    /// <summary>Whether <c>oauth2</c> was set: it is refused, OrleansScrape has no OAuth 2 client.</summary>
    public bool HasOAuth2 { get; init; }
}

/// <summary><c>basicAuth</c>: username and password, each a Secret key.</summary>
public sealed record BasicAuthReference(KeyReference? Username, KeyReference? Password);

/// <summary><c>authorization</c>: a type (Bearer unless set) and credentials from a Secret key.</summary>
public sealed record AuthorizationReference(string? Type, KeyReference? Credentials);

/// <summary><c>tlsConfig</c>: PEM material from Secrets/ConfigMaps or files, and verification settings.</summary>
public sealed record TlsReference
{
    public KeyReference? Ca { get; init; }
    public KeyReference? Cert { get; init; }
    public KeyReference? KeySecret { get; init; }
    public string? CaFile { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    public string? ServerName { get; init; }
    public bool InsecureSkipVerify { get; init; }
    public string? MinVersion { get; init; }
    public string? MaxVersion { get; init; }
}
