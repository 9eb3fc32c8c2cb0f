using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// The CA certificates of <c>ca</c> / <c>ca_file</c>. The file is read at every TLS handshake and
/// parsed again only when its text changed, so a rotated CA applies to the next connection, as in Prometheus.
/// </summary>
internal sealed class ReloadingTrustStore
{
    private readonly SecretSource _source;
    private readonly Lock _lock = new();
    private string? _text;
    private X509Certificate2Collection? _certificates;

    public ReloadingTrustStore(SecretSource source) => _source = source;

    public X509Certificate2Collection Current()
    {
        string text;
        try
        {
            text = _source.Read();
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"unable to read CA cert: {e.Message}", e);
        }
        lock (_lock)
        {
            if (_certificates is not null && text == _text)
            {
                return _certificates;
            }
            var certificates = new X509Certificate2Collection();
            try
            {
                certificates.ImportFromPem(text);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException($"unable to use specified CA cert {_source.Description}: {e.Message}", e);
            }
            if (certificates.Count == 0)
            {
                throw new InvalidOperationException($"unable to use specified CA cert {_source.Description}");
            }
            _text = text;
            _certificates = certificates;
            return certificates;
        }
    }
}
