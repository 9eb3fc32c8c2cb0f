using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class RedactionTests
{
    [Fact]
    public void Redacted_ReplacesSecretsAndKeepsTheRest()
    {
        var config = new HttpClientConfig
        {
            BasicAuth = new BasicAuth { Username = "prometheus", Password = "p", UsernameFile = null },
            TlsConfig = new TlsConfig { Cert = "cert pem", Key = "key pem", CaFile = "/ca.pem" },
            ProxyUrl = new Uri("http://user:pw@proxy:3128/"),
        };

        var redacted = config.Redacted();

        Assert.Equal(new BasicAuth { Username = "prometheus", Password = "<secret>" }, redacted.BasicAuth);
        Assert.Equal(new TlsConfig { Cert = "cert pem", Key = "<secret>", CaFile = "/ca.pem" }, redacted.TlsConfig);
        Assert.Equal("http://user:xxxxx@proxy:3128/", redacted.ProxyUrl!.ToString());
        Assert.Equal("p", config.BasicAuth!.Password);
    }

    [Fact]
    public void Redacted_ReplacesAuthorizationCredentialsButNotFilePaths()
    {
        var inline = new HttpClientConfig { Authorization = new Authorization { Credentials = "abc" } };
        var file = new HttpClientConfig { Authorization = new Authorization { CredentialsFile = "/run/token" } };

        Assert.Equal(new Authorization { Credentials = "<secret>" }, inline.Redacted().Authorization);
        Assert.Equal(file, file.Redacted());
    }
}
