using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>
/// Turns a resource's HTTP client fields into Prometheus's <see cref="HttpClientConfig"/>, reading
/// credentials and TLS material from the referenced Secrets/ConfigMaps (inline values, as the
/// Target Allocator renders them) and applying Prometheus's consistency rules.
/// </summary>
internal static class HttpSettingsResolver
{
    public static async Task<HttpClientConfig> ResolveAsync(MonitorHttpSettings http, string @namespace, CrTranslationContext context, CancellationToken cancellationToken)
    {
        if (http.HasOAuth2)
        {
            throw new CustomResourceException("oauth2 is not supported by OrleansScrape");
        }
        var bearer = http.BearerTokenSecret is not null || http.BearerTokenFile is not null;
        var authCount = (http.BasicAuth is not null ? 1 : 0) + (http.Authorization is not null ? 1 : 0) + (bearer ? 1 : 0);
        if (authCount > 1)
        {
            throw new CustomResourceException("at most one of basicAuth, authorization and bearerTokenSecret/bearerTokenFile may be set");
        }
        if (http.BearerTokenSecret is not null && http.BearerTokenFile is not null)
        {
            throw new CustomResourceException("at most one of bearerTokenSecret and bearerTokenFile may be set");
        }

        var config = new HttpClientConfig
        {
            FollowRedirects = http.FollowRedirects ?? true,
            EnableHttp2 = http.EnableHttp2 ?? true,
            ProxyUrl = Proxy(http.ProxyUrl),
        };
        if (http.BasicAuth is { } basic)
        {
            config = config with
            {
                BasicAuth = new BasicAuth
                {
                    Username = basic.Username is null ? "" : await Read(basic.Username, "basicAuth.username").ConfigureAwait(false),
                    Password = basic.Password is null ? null : await Read(basic.Password, "basicAuth.password").ConfigureAwait(false),
                },
            };
        }
        if (http.Authorization is { } authorization)
        {
            var type = string.IsNullOrWhiteSpace(authorization.Type) ? "Bearer" : authorization.Type.Trim();
            if (type.Equals("basic", StringComparison.OrdinalIgnoreCase))
            {
                throw new CustomResourceException("authorization.type cannot be Basic; use basicAuth instead");
            }
            config = config with
            {
                Authorization = new Authorization
                {
                    Type = type,
                    Credentials = authorization.Credentials is null ? null : await Read(authorization.Credentials, "authorization.credentials").ConfigureAwait(false),
                },
            };
        }
        if (http.BearerTokenSecret is { } tokenSecret)
        {
            config = config with { Authorization = new Authorization { Credentials = await Read(tokenSecret, "bearerTokenSecret").ConfigureAwait(false) } };
        }
        if (http.BearerTokenFile is { } tokenFile)
        {
            config = config with { Authorization = new Authorization { CredentialsFile = tokenFile } };
        }
        if (http.Tls is { } tls)
        {
            config = config with { TlsConfig = await TlsAsync(tls).ConfigureAwait(false) };
        }
        return config;

        Task<string> Read(KeyReference reference, string field) =>
            context.Secrets.ResolveAsync(@namespace, reference, field, cancellationToken);

        async Task<TlsConfig> TlsAsync(TlsReference tls)
        {
            if (tls.Ca is not null && tls.CaFile is not null)
            {
                throw new CustomResourceException("tlsConfig: at most one of ca and caFile may be set");
            }
            if (tls.Cert is not null && tls.CertFile is not null)
            {
                throw new CustomResourceException("tlsConfig: at most one of cert and certFile may be set");
            }
            if (tls.KeySecret is not null && tls.KeyFile is not null)
            {
                throw new CustomResourceException("tlsConfig: at most one of keySecret and keyFile may be set");
            }
            var hasCert = tls.Cert is not null || tls.CertFile is not null;
            var hasKey = tls.KeySecret is not null || tls.KeyFile is not null;
            if (hasCert != hasKey)
            {
                throw new CustomResourceException("tlsConfig: a client certificate and its key must be set together");
            }
            return new TlsConfig
            {
                Ca = tls.Ca is null ? null : await Read(tls.Ca, "tlsConfig.ca").ConfigureAwait(false),
                CaFile = tls.CaFile,
                Cert = tls.Cert is null ? null : await Read(tls.Cert, "tlsConfig.cert").ConfigureAwait(false),
                CertFile = tls.CertFile,
                Key = tls.KeySecret is null ? null : await Read(tls.KeySecret, "tlsConfig.keySecret").ConfigureAwait(false),
                KeyFile = tls.KeyFile,
                ServerName = tls.ServerName,
                InsecureSkipVerify = tls.InsecureSkipVerify,
                MinVersion = Version(tls.MinVersion, "minVersion"),
                MaxVersion = Version(tls.MaxVersion, "maxVersion"),
            };
        }
    }

    private static TlsVersion? Version(string? text, string field) => text switch
    {
        null or "" => null,
        "TLS10" => TlsVersion.Tls10,
        "TLS11" => TlsVersion.Tls11,
        "TLS12" => TlsVersion.Tls12,
        "TLS13" => TlsVersion.Tls13,
        _ => throw new CustomResourceException($"tlsConfig.{field}: \"{text}\" must be one of TLS10, TLS11, TLS12, TLS13"),
    };

    private static Uri? Proxy(string? text)
    {
        if (text is null)
        {
            return null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "http"
            ? uri
            : throw new CustomResourceException($"proxyUrl: \"{text}\" must be an http:// URL");
    }
}
