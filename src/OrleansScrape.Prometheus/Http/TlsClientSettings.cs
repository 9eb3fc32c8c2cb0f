using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// The TLS client side of a <see cref="TlsConfig"/>: how the server certificate is verified, which client
/// certificate is presented and which protocol versions are allowed, with Go's <c>crypto/tls</c> semantics.
/// </summary>
internal sealed class TlsClientSettings
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly List<SslApplicationProtocol> Http2AndHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly TlsConfig _config;
    private readonly ReloadingTrustStore? _trustStore;
    private readonly ReloadingClientCertificate? _clientCertificate;
    private readonly SslProtocols _protocols;

    /// <summary>Loads the CA and the client certificate once, so that a bad file fails here rather than at the first scrape.</summary>
    public TlsClientSettings(TlsConfig config)
    {
        _config = config;
        if (SecretSource.From(config.Ca, config.CaFile) is { } ca)
        {
            _trustStore = new ReloadingTrustStore(ca);
            _trustStore.Current();
        }
        if (SecretSource.From(config.Cert, config.CertFile) is { } cert && SecretSource.From(config.Key, config.KeyFile) is { } key)
        {
            _clientCertificate = new ReloadingClientCertificate(cert, key);
            _clientCertificate.Current();
        }
        _protocols = ToSslProtocols(config.MinVersion, config.MaxVersion);
    }

    /// <summary>
    /// The options for one handshake. <paramref name="targetHost"/> is the SNI name; SocketsHttpHandler
    /// replaces it with the request's host on the options it is given, hence <see cref="ConnectWithServerNameAsync"/>.
    /// </summary>
    public SslClientAuthenticationOptions CreateOptions(string? targetHost = null, List<SslApplicationProtocol>? applicationProtocols = null) => new()
    {
        TargetHost = targetHost,
        ApplicationProtocols = applicationProtocols,
        EnabledSslProtocols = _protocols,
        // Go does not check revocation either.
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = ValidateServerCertificate,
        LocalCertificateSelectionCallback = _clientCertificate is null ? null : (_, _, _, _, _) => _clientCertificate.Current(),
    };

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that runs the TLS handshake itself so that
    /// <c>server_name</c> is sent as SNI, as Go's <c>tls.Config.ServerName</c> is. Plain http is passed through.
    /// </summary>
    public async ValueTask<Stream> ConnectWithServerNameAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream network;
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            network = new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var request = context.InitialRequestMessage;
        if (request.RequestUri?.Scheme != Uri.UriSchemeHttps)
        {
            return network;
        }
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            // The pool reads the negotiated ALPN protocol to choose between HTTP/2 and HTTP/1.1.
            var alpn = request.Version >= HttpVersion.Version20 ? Http2AndHttp11 : null;
            await tls.AuthenticateAsClientAsync(CreateOptions(_config.ServerName, alpn), cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_config.InsecureSkipVerify)
        {
            return true;
        }
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            // server_name replaces the URL's host for the name check, also when the handshake was not ours
            // (through a proxy tunnel); like Go, a certificate's common name is not used as a host name.
            var nameMatches = _config.ServerName is { Length: > 0 } serverName
                ? leaf.MatchesHostname(serverName, allowWildcards: true, allowCommonName: false)
                : !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
            if (!nameMatches)
            {
                return false;
            }
            if (_trustStore is null)
            {
                return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
            }
            return ChainsToCustomRoots(leaf, chain, _trustStore.Current());
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
            {
                leaf.Dispose();
            }
        }
    }

    // As Go with RootCAs set: only the configured CAs are trusted, not the system's.
    private static bool ChainsToCustomRoots(X509Certificate2 leaf, X509Chain? presented, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
        {
            // The intermediates the server sent.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(leaf);
    }

    // Unset versions are Go's client defaults (TLS 1.2 to 1.3); with neither set the OS chooses, which is the same range today.
    private static SslProtocols ToSslProtocols(TlsVersion? min, TlsVersion? max)
    {
        if (min is null && max is null)
        {
            return SslProtocols.None;
        }
        var protocols = SslProtocols.None;
        for (var version = min ?? TlsVersion.Tls12; version <= (max ?? TlsVersion.Tls13); version++)
        {
            protocols |= version switch
            {
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but Prometheus lets a config ask for them.
                TlsVersion.Tls10 => SslProtocols.Tls,
                TlsVersion.Tls11 => SslProtocols.Tls11,
#pragma warning restore SYSLIB0039
                TlsVersion.Tls12 => SslProtocols.Tls12,
                _ => SslProtocols.Tls13,
            };
        }
        return protocols;
    }
}
