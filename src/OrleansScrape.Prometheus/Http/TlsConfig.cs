namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// <c>tls_config</c>: the CA to trust, the client certificate to present and how the server is verified.
/// The PEM material is given inline or as files; files are read again when connections are made.
/// </summary>
public sealed record TlsConfig
{
    public string? Ca { get; init; }
    public string? CaFile { get; init; }
    public string? Cert { get; init; }
    public string? CertFile { get; init; }
    public string? Key { get; init; }
    public string? KeyFile { get; init; }
    /// <summary>The name the server certificate is verified against (and sent as SNI) instead of the target's host.</summary>
    public string? ServerName { get; init; }
    public bool InsecureSkipVerify { get; init; }
    public TlsVersion? MinVersion { get; init; }
    public TlsVersion? MaxVersion { get; init; }
}
