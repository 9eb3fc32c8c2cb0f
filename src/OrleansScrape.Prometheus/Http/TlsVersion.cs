namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// The TLS versions Prometheus names in <c>min_version</c> and <c>max_version</c> (<c>TLS10</c> … <c>TLS13</c>),
/// in ascending order: a min/max pair is a range of these values.
/// </summary>
public enum TlsVersion
{
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}
