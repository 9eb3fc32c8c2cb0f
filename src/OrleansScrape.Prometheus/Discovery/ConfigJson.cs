using System.Text.Json.Nodes;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Pieces of configuration as the Target Allocator's <c>/scrape_configs</c> renders them, shared by the
/// job's rendering and the discovery kinds': Prometheus's YAML field names as JSON.
/// </summary>
public static class ConfigJson
{
    /// <summary>Adds HTTP client settings inline, as Prometheus writes them; pass them <see cref="HttpClientConfig.Redacted"/>.</summary>
    public static void AddHttpClient(JsonObject json, HttpClientConfig client)
    {
        if (client.BasicAuth is { } basic)
        {
            var auth = new JsonObject { ["username"] = basic.Username };
            AddIfSet(auth, "username_file", basic.UsernameFile);
            AddIfSet(auth, "password", basic.Password);
            AddIfSet(auth, "password_file", basic.PasswordFile);
            json["basic_auth"] = auth;
        }
        if (client.Authorization is { } authorization)
        {
            var auth = new JsonObject { ["type"] = authorization.Type };
            AddIfSet(auth, "credentials", authorization.Credentials);
            AddIfSet(auth, "credentials_file", authorization.CredentialsFile);
            json["authorization"] = auth;
        }
        var tls = client.TlsConfig;
        var tlsJson = new JsonObject { ["insecure_skip_verify"] = tls.InsecureSkipVerify };
        AddIfSet(tlsJson, "ca", tls.Ca);
        AddIfSet(tlsJson, "ca_file", tls.CaFile);
        AddIfSet(tlsJson, "cert", tls.Cert);
        AddIfSet(tlsJson, "cert_file", tls.CertFile);
        AddIfSet(tlsJson, "key", tls.Key);
        AddIfSet(tlsJson, "key_file", tls.KeyFile);
        AddIfSet(tlsJson, "server_name", tls.ServerName);
        if (tls.MinVersion is { } min)
        {
            tlsJson["min_version"] = min.ToString().ToUpperInvariant();
        }
        json["tls_config"] = tlsJson;
        if (client.ProxyUrl is { } proxy)
        {
            json["proxy_url"] = proxy.ToString();
        }
    }

    /// <summary>Adds a string field unless it is null or empty (Prometheus omits empty strings).</summary>
    public static void AddIfSet(JsonObject json, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json[key] = value;
        }
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
