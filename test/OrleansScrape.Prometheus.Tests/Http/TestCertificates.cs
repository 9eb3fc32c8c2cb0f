using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansScrape.Prometheus.Tests.Http;

/// <summary>
/// A private CA with the certificates it signs — a server certificate for localhost / 127.0.0.1, one for
/// example.internal only, and a client certificate — plus their PEM files in a temp directory.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly TempDirectory _directory = new();

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=OrleansScrape Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));

        Localhost = Issue("CN=localhost", ServerAuthentication, san => { san.AddDnsName("localhost"); san.AddIpAddress(IPAddress.Loopback); });
        ExampleInternal = Issue("CN=example.internal", ServerAuthentication, san => san.AddDnsName("example.internal"));
        Client = Issue("CN=scraper", ClientAuthentication, san => san.AddDnsName("scraper"));

        CaFile = _directory.Write("ca.pem", Ca.ExportCertificatePem());
        ClientCertFile = _directory.Write("client.pem", Client.ExportCertificatePem());
        using var clientKey = Client.GetECDsaPrivateKey()!;
        ClientKeyFile = _directory.Write("client-key.pem", clientKey.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Localhost { get; }
    public X509Certificate2 ExampleInternal { get; }
    public X509Certificate2 Client { get; }
    public string CaFile { get; }
    public string ClientCertFile { get; }
    public string ClientKeyFile { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Localhost.Dispose();
        ExampleInternal.Dispose();
        Client.Dispose();
        _directory.Dispose();
    }

    private X509Certificate2 Issue(string subject, Oid usage, Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a persisted key, which every platform's TLS stack accepts for a server.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
