using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Secrets;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class MonitorAuthTranslationTests
{
    private static InMemorySecretReader Secrets() => new InMemorySecretReader()
        .SetSecret("shop", "creds", new Dictionary<string, string> { ["user"] = "scraper", ["password"] = "s3cret", ["token"] = "tok-123" })
        .SetSecret("shop", "tls", new Dictionary<string, string> { ["cert"] = "CERT-PEM", ["key"] = "KEY-PEM" })
        .SetConfigMap("shop", "ca", new Dictionary<string, string> { ["ca.crt"] = "CA-PEM" });

    [Fact]
    public async Task Basic_auth_reads_username_and_password_from_the_secret()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["basicAuth"] = JsonNode.Parse(
            """{ "username": { "name": "creds", "key": "user" }, "password": { "name": "creds", "key": "password" } }"""), Secrets());

        Assert.Equal(new BasicAuth { Username = "scraper", Password = "s3cret" }, job.HttpClient.BasicAuth);
    }

    [Fact]
    public async Task Bearer_token_secret_becomes_a_bearer_authorization()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["bearerTokenSecret"] = JsonNode.Parse(
            """{ "name": "creds", "key": "token" }"""), Secrets());

        Assert.Equal(new Authorization { Type = "Bearer", Credentials = "tok-123" }, job.HttpClient.Authorization);
    }

    [Fact]
    public async Task Authorization_reads_credentials_from_the_secret_with_its_type()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["authorization"] = JsonNode.Parse(
            """{ "type": "Token", "credentials": { "name": "creds", "key": "token" } }"""), Secrets());

        Assert.Equal(new Authorization { Type = "Token", Credentials = "tok-123" }, job.HttpClient.Authorization);
    }

    [Fact]
    public async Task Tls_config_reads_ca_from_a_configmap_and_cert_and_key_from_secrets()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["tlsConfig"] = JsonNode.Parse("""
            { "ca": { "configMap": { "name": "ca", "key": "ca.crt" } },
              "cert": { "secret": { "name": "tls", "key": "cert" } },
              "keySecret": { "name": "tls", "key": "key" },
              "serverName": "metrics.shop.svc", "insecureSkipVerify": true, "minVersion": "TLS12" }
            """), Secrets());

        var tls = job.HttpClient.TlsConfig;
        Assert.Equal(("CA-PEM", "CERT-PEM", "KEY-PEM"), (tls.Ca, tls.Cert, tls.Key));
        Assert.Equal("metrics.shop.svc", tls.ServerName);
        Assert.True(tls.InsecureSkipVerify);
        Assert.Equal(TlsVersion.Tls12, tls.MinVersion);
    }

    [Theory]
    [InlineData("""{ "name": "absent", "key": "token" }""", "secret shop/absent not found")]
    [InlineData("""{ "name": "creds", "key": "absent" }""", "key \"absent\" not found in secret shop/creds")]
    public async Task A_missing_secret_or_key_refuses_the_monitor(string reference, string reason)
    {
        var error = await Assert.ThrowsAsync<CustomResourceException>(() =>
            Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["bearerTokenSecret"] = JsonNode.Parse(reference), Secrets()));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("bearerTokenSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_optional_reference_to_a_missing_secret_reads_as_empty()
    {
        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["authorization"] = JsonNode.Parse(
            """{ "credentials": { "name": "absent", "key": "token", "optional": true } }"""), Secrets());

        Assert.Equal("", job.HttpClient.Authorization!.Credentials);
    }

    [Fact]
    public async Task Two_authentication_methods_refuse_the_monitor()
    {
        var error = await Assert.ThrowsAsync<CustomResourceException>(() => Translate.ServiceMonitorEndpointAsync(r =>
        {
            r.Endpoint()["bearerTokenSecret"] = JsonNode.Parse("""{ "name": "creds", "key": "token" }""");
            r.Endpoint()["basicAuth"] = JsonNode.Parse("""{ "username": { "name": "creds", "key": "user" } }""");
        }, Secrets()));

        Assert.Contains("at most one of basicAuth, authorization and bearerTokenSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth2_is_refused_as_not_supported()
    {
        var error = await Assert.ThrowsAsync<CustomResourceException>(() => Translate.ServiceMonitorEndpointAsync(r =>
            r.Endpoint()["oauth2"] = JsonNode.Parse("""{ "tokenUrl": "https://auth" }"""), Secrets()));

        Assert.Contains("oauth2 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_are_read_from_the_monitors_own_namespace()
    {
        var secrets = Secrets().SetSecret("other", "creds", new Dictionary<string, string> { ["token"] = "wrong" });

        var job = await Translate.ServiceMonitorEndpointAsync(r => r.Endpoint()["bearerTokenSecret"] = JsonNode.Parse(
            """{ "name": "creds", "key": "token" }"""), secrets);

        Assert.Equal("tok-123", job.HttpClient.Authorization!.Credentials);
    }
}
