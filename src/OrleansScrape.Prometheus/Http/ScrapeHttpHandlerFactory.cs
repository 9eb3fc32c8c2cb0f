using System.Net;

namespace OrleansScrape.Prometheus.Http;

/// <summary>Builds the HTTP handler that scrapes (or discovers) with the settings of an <see cref="HttpClientConfig"/>.</summary>
public static class ScrapeHttpHandlerFactory
{
    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> configured for the TLS, redirect and proxy settings, wrapped in a
    /// handler that adds the <c>Authorization</c> header and picks the HTTP version on every request.
    /// </summary>
    /// <exception cref="InvalidOperationException">The CA or the client certificate and key cannot be read or used.</exception>
    public static HttpMessageHandler Create(HttpClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tls = new TlsClientSettings(config.TlsConfig);
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = config.FollowRedirects,
            // Go's http.Client gives up after 10 redirects.
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Prometheus keeps idle connections for 5 minutes, above any sane scrape interval.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            // Prometheus pings an HTTP/2 connection silent for a minute so that a dead one is not reused.
            KeepAlivePingDelay = TimeSpan.FromMinutes(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            // Without proxy_url Prometheus uses no proxy, whatever the environment says.
            UseProxy = config.ProxyUrl is not null,
            Proxy = config.ProxyUrl is { } proxyUrl ? CreateProxy(proxyUrl) : null,
            SslOptions = tls.CreateOptions(),
        };
        // SocketsHttpHandler sends the request's host as SNI whatever SslOptions.TargetHost says; to send
        // server_name the handshake is done in ConnectCallback. Through a proxy the tunnel is the handler's,
        // so there the SNI stays the target's host while the certificate is still checked against server_name.
        if (!string.IsNullOrEmpty(config.TlsConfig.ServerName) && config.ProxyUrl is null)
        {
            sockets.ConnectCallback = tls.ConnectWithServerNameAsync;
        }
        return new ClientConfigHandler(sockets, config);
    }

    private static WebProxy CreateProxy(Uri url)
    {
        var proxy = new WebProxy(url) { BypassProxyOnLocal = false };
        // As in Go, the proxy URL's user info authenticates to the proxy (here once the proxy asks for it with a 407).
        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
        return proxy;
    }
}
