using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// The client certificate of <c>cert</c> / <c>cert_file</c> with <c>key</c> / <c>key_file</c>. The files
/// are read at every TLS handshake that asks for a certificate and parsed again only when they changed,
/// as Prometheus reloads them.
/// </summary>
internal sealed class ReloadingClientCertificate
{
    private readonly SecretSource _cert;
    private readonly SecretSource _key;
    private readonly Lock _lock = new();
    private string? _certText;
    private string? _keyText;
    private X509Certificate2? _certificate;

    public ReloadingClientCertificate(SecretSource cert, SecretSource key)
    {
        _cert = cert;
        _key = key;
    }

    public X509Certificate2 Current()
    {
        string certText;
        string keyText;
        try
        {
            certText = _cert.Read();
            keyText = _key.Read();
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"unable to read specified client cert or key: {e.Message}", e);
        }
        lock (_lock)
        {
            if (_certificate is not null && certText == _certText && keyText == _keyText)
            {
                return _certificate;
            }
            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(certText, keyText);
                if (OperatingSystem.IsWindows())
                {
                    // SChannel cannot present a certificate whose key is ephemeral, as a PEM-loaded one is.
                    using var ephemeral = certificate;
                    certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
                }
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException($"unable to use specified client cert ({_cert.Description}) & key ({_key.Description}): {e.Message}", e);
            }
            // The previous certificate is not disposed: a handshake in flight may still be presenting it.
            _certText = certText;
            _keyText = keyText;
            _certificate = certificate;
            return certificate;
        }
    }
}
