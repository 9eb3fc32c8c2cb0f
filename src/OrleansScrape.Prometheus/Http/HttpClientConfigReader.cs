using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// Reads Prometheus's HTTP client settings, which sit inline in a scrape config or an http_sd config,
/// with the validation rules of Prometheus's <c>common/config</c>. The keys of the given mapping are
/// only marked as read: refusing the unknown ones is left to the caller, which reads the rest of the
/// mapping. Nested mappings (<c>basic_auth</c>, <c>authorization</c>, <c>tls_config</c>) are checked here.
/// </summary>
public static class HttpClientConfigReader
{
    // Prometheus HTTP client settings not implemented yet: refused by name rather than ignored.
    private static readonly string[] NotYetSupported =
        ["oauth2", "proxy_from_environment", "no_proxy", "proxy_connect_header", "http_headers"];

    /// <summary>Reads the settings, resolving relative file paths against the directory of <see cref="YamlMappingReader.File"/>.</summary>
    public static HttpClientConfig Read(YamlMappingReader section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var directory = section.File.Length == 0 ? null : Path.GetDirectoryName(Path.GetFullPath(section.File));
        return Read(section, directory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Reads the settings, resolving relative file paths against <paramref name="baseDirectory"/>.</summary>
    public static HttpClientConfig Read(YamlMappingReader section, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(baseDirectory);

        foreach (var key in NotYetSupported)
        {
            if (section.Has(key))
            {
                throw section.ErrorAt(key, $"{section.Qualified(key)} is a Prometheus setting this version of OrleansScrape does not support yet");
            }
        }

        var basicAuth = ReadBasicAuth(section, baseDirectory);
        var authorization = ReadAuthorization(section, baseDirectory);
        var bearerToken = NonEmpty(section.GetString("bearer_token"));
        var bearerTokenFile = NonEmpty(section.GetString("bearer_token_file"));
        var bearerKey = bearerToken is not null ? "bearer_token" : "bearer_token_file";
        var hasBearer = bearerToken is not null || bearerTokenFile is not null;

        // The checks and messages of Prometheus's HTTPClientConfig.Validate, in its order.
        if (bearerToken is not null && bearerTokenFile is not null)
        {
            throw section.ErrorAt(Later(section, "bearer_token", "bearer_token_file"), "at most one of bearer_token & bearer_token_file must be configured");
        }
        if (basicAuth is not null && hasBearer)
        {
            throw section.ErrorAt(Later(section, "basic_auth", bearerKey), "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        if (authorization is not null)
        {
            if (hasBearer)
            {
                throw section.ErrorAt(Later(section, "authorization", bearerKey), "authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (basicAuth is not null)
            {
                throw section.ErrorAt(Later(section, "authorization", "basic_auth"), "at most one of basic_auth, oauth2 & authorization must be configured");
            }
        }
        else if (hasBearer)
        {
            authorization = new Authorization
            {
                Type = "Bearer",
                Credentials = bearerToken,
                CredentialsFile = bearerTokenFile is null ? null : Resolve(baseDirectory, bearerTokenFile),
            };
        }

        return new HttpClientConfig
        {
            BasicAuth = basicAuth,
            Authorization = authorization,
            TlsConfig = ReadTlsConfig(section, baseDirectory),
            FollowRedirects = section.GetBool("follow_redirects") ?? true,
            EnableHttp2 = section.GetBool("enable_http2") ?? true,
            ProxyUrl = ReadProxyUrl(section),
        };
    }

    private static BasicAuth? ReadBasicAuth(YamlMappingReader section, string baseDirectory)
    {
        var mapping = GetOptionalMapping(section, "basic_auth");
        if (mapping is null)
        {
            return null;
        }
        var username = NonEmpty(mapping.GetString("username"));
        var usernameFile = NonEmpty(mapping.GetString("username_file"));
        var password = NonEmpty(mapping.GetString("password"));
        var passwordFile = NonEmpty(mapping.GetString("password_file"));
        mapping.RejectUnknownKeys();
        if (username is not null && usernameFile is not null)
        {
            throw mapping.ErrorAt(Later(mapping, "username", "username_file"), "at most one of basic_auth username & username_file must be configured");
        }
        if (password is not null && passwordFile is not null)
        {
            throw mapping.ErrorAt(Later(mapping, "password", "password_file"), "at most one of basic_auth password & password_file must be configured");
        }
        return new BasicAuth
        {
            Username = username ?? "",
            UsernameFile = usernameFile is null ? null : Resolve(baseDirectory, usernameFile),
            Password = password,
            PasswordFile = passwordFile is null ? null : Resolve(baseDirectory, passwordFile),
        };
    }

    private static Authorization? ReadAuthorization(YamlMappingReader section, string baseDirectory)
    {
        var mapping = GetOptionalMapping(section, "authorization");
        if (mapping is null)
        {
            return null;
        }
        var type = mapping.GetString("type")?.Trim();
        var credentials = NonEmpty(mapping.GetString("credentials"));
        var credentialsFile = NonEmpty(mapping.GetString("credentials_file"));
        mapping.RejectUnknownKeys();
        if (credentials is not null && credentialsFile is not null)
        {
            throw mapping.ErrorAt(Later(mapping, "credentials", "credentials_file"), "at most one of authorization credentials & credentials_file must be configured");
        }
        if (string.Equals(type, "basic", StringComparison.OrdinalIgnoreCase))
        {
            throw mapping.ErrorAt("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        }
        return new Authorization
        {
            Type = string.IsNullOrEmpty(type) ? "Bearer" : type,
            Credentials = credentials,
            CredentialsFile = credentialsFile is null ? null : Resolve(baseDirectory, credentialsFile),
        };
    }

    private static TlsConfig ReadTlsConfig(YamlMappingReader section, string baseDirectory)
    {
        var mapping = section.GetMapping("tls_config");
        if (mapping is null)
        {
            return new TlsConfig();
        }
        var ca = NonEmpty(mapping.GetString("ca"));
        var caFile = NonEmpty(mapping.GetString("ca_file"));
        var cert = NonEmpty(mapping.GetString("cert"));
        var certFile = NonEmpty(mapping.GetString("cert_file"));
        var key = NonEmpty(mapping.GetString("key"));
        var keyFile = NonEmpty(mapping.GetString("key_file"));
        var serverName = NonEmpty(mapping.GetString("server_name"));
        var insecureSkipVerify = mapping.GetBool("insecure_skip_verify") ?? false;
        var minVersion = ReadTlsVersion(mapping, "min_version");
        var maxVersion = ReadTlsVersion(mapping, "max_version");
        mapping.RejectUnknownKeys();

        // The checks and messages of Prometheus's TLSConfig.Validate.
        if (ca is not null && caFile is not null)
        {
            throw mapping.ErrorAt(Later(mapping, "ca", "ca_file"), "at most one of ca & ca_file must be configured");
        }
        if (cert is not null && certFile is not null)
        {
            throw mapping.ErrorAt(Later(mapping, "cert", "cert_file"), "at most one of cert & cert_file must be configured");
        }
        if (key is not null && keyFile is not null)
        {
            throw mapping.ErrorAt(Later(mapping, "key", "key_file"), "at most one of key and key_file must be configured");
        }
        var usingCert = cert is not null || certFile is not null;
        var usingKey = key is not null || keyFile is not null;
        if (usingCert && !usingKey)
        {
            throw mapping.ErrorAt(cert is not null ? "cert" : "cert_file", "exactly one of key or key_file must be configured when a client certificate is configured");
        }
        if (usingKey && !usingCert)
        {
            throw mapping.ErrorAt(key is not null ? "key" : "key_file", "exactly one of cert or cert_file must be configured when a client key is configured");
        }
        if (minVersion is not null && maxVersion is not null && maxVersion < minVersion)
        {
            throw mapping.ErrorAt("max_version", "tls_config.max_version must be greater than or equal to tls_config.min_version if both are specified");
        }
        // Go's TLS client has TLS 1.2 as its floor when min_version is unset, so such a pair could never connect.
        if (minVersion is null && maxVersion is { } max && max < TlsVersion.Tls12)
        {
            throw mapping.ErrorAt("max_version", $"tls_config.max_version {VersionName(max)} is below the default minimum version TLS12: set min_version as well");
        }

        return new TlsConfig
        {
            Ca = ca,
            CaFile = caFile is null ? null : Resolve(baseDirectory, caFile),
            Cert = cert,
            CertFile = certFile is null ? null : Resolve(baseDirectory, certFile),
            Key = key,
            KeyFile = keyFile is null ? null : Resolve(baseDirectory, keyFile),
            ServerName = serverName,
            InsecureSkipVerify = insecureSkipVerify,
            MinVersion = minVersion,
            MaxVersion = maxVersion,
        };
    }

    private static TlsVersion? ReadTlsVersion(YamlMappingReader mapping, string key) =>
        NonEmpty(mapping.GetString(key)) switch
        {
            null => null,
            "TLS10" => TlsVersion.Tls10,
            "TLS11" => TlsVersion.Tls11,
            "TLS12" => TlsVersion.Tls12,
            "TLS13" => TlsVersion.Tls13,
            var other => throw mapping.ErrorAt(key, $"unknown TLS version: {other}"),
        };

    private static string VersionName(TlsVersion version) => version switch
    {
        TlsVersion.Tls10 => "TLS10",
        TlsVersion.Tls11 => "TLS11",
        TlsVersion.Tls12 => "TLS12",
        _ => "TLS13",
    };

    private static Uri? ReadProxyUrl(YamlMappingReader section)
    {
        var text = NonEmpty(section.GetString("proxy_url"));
        if (text is null)
        {
            return null;
        }
        // The URL is left out of the messages: it may carry a password.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw section.ErrorAt("proxy_url", "proxy_url is not a valid URL");
        }
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw section.ErrorAt("proxy_url", $"proxy_url scheme \"{url.Scheme}\" is not supported yet: only http:// proxies are");
        }
        return url;
    }

    // A key given with no value ("basic_auth:") leaves the setting unset, as in Prometheus.
    private static YamlMappingReader? GetOptionalMapping(YamlMappingReader section, string key)
    {
        var mapping = section.GetMapping(key);
        return mapping is not null && section.Node.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode
            ? mapping
            : null;
    }

    // Prometheus joins relative paths with the directory of the configuration file.
    private static string Resolve(string baseDirectory, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));

    // Prometheus treats an empty value as unset.
    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // A conflict is reported at whichever of the two keys comes second, where the user added the extra one.
    private static string Later(YamlMappingReader mapping, string first, string second) =>
        IndexOf(mapping, first) > IndexOf(mapping, second) ? first : second;

    private static int IndexOf(YamlMappingReader mapping, string key)
    {
        var index = 0;
        foreach (var entry in mapping.Node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: var k } && k == key)
            {
                return index;
            }
            index++;
        }
        return -1;
    }
}
