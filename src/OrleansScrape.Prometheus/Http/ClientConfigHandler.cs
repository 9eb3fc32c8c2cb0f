using System.Net;

namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// Applies the per-request part of an <see cref="HttpClientConfig"/>: the <c>Authorization</c> header
/// (left alone when the request already has one, as in Prometheus) and the HTTP version to negotiate.
/// </summary>
internal sealed class ClientConfigHandler : DelegatingHandler
{
    private readonly AuthorizationHeaderSource? _authorization;
    private readonly bool _enableHttp2;

    public ClientConfigHandler(HttpMessageHandler inner, HttpClientConfig config)
        : base(inner)
    {
        _authorization = AuthorizationHeaderSource.From(config);
        _enableHttp2 = config.EnableHttp2;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // SocketsHttpHandler speaks only HTTP/1.1 synchronously.
        SetVersion(request, http2: false);
        if (_authorization is not null && !request.Headers.Contains("Authorization"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization.Create());
        }
        return base.Send(request, cancellationToken);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SetVersion(request, _enableHttp2);
        if (_authorization is not null && !request.Headers.Contains("Authorization"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", await _authorization.CreateAsync(cancellationToken).ConfigureAwait(false));
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // Like Go's transport, offer HTTP/2 through ALPN on TLS and fall back to HTTP/1.1 (plain http stays
    // HTTP/1.1); with enable_http2: false only HTTP/1.1 is ever spoken.
    private static void SetVersion(HttpRequestMessage request, bool http2)
    {
        if (http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }
}
