using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class HttpClientConfigReaderTests
{
    [Fact]
    public void NoKeys_GivePrometheusDefaults()
    {
        var config = ConfigText.Read("job_name: node\n");

        Assert.Null(config.BasicAuth);
        Assert.Null(config.Authorization);
        Assert.Equal(new TlsConfig(), config.TlsConfig);
        Assert.True(config.FollowRedirects);
        Assert.True(config.EnableHttp2);
        Assert.Null(config.ProxyUrl);
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        var config = ConfigText.Read("""
            basic_auth:
              username: prometheus
              password_file: /run/secrets/password
            tls_config:
              ca_file: /etc/ca.pem
              cert_file: /etc/client.pem
              key_file: /etc/client-key.pem
              server_name: node.internal
              insecure_skip_verify: true
              min_version: TLS12
              max_version: TLS13
            follow_redirects: false
            enable_http2: false
            proxy_url: http://proxy.internal:3128
            """);

        Assert.Equal(new BasicAuth { Username = "prometheus", PasswordFile = "/run/secrets/password" }, config.BasicAuth);
        Assert.Equal(new TlsConfig
        {
            CaFile = "/etc/ca.pem",
            CertFile = "/etc/client.pem",
            KeyFile = "/etc/client-key.pem",
            ServerName = "node.internal",
            InsecureSkipVerify = true,
            MinVersion = TlsVersion.Tls12,
            MaxVersion = TlsVersion.Tls13,
        }, config.TlsConfig);
        Assert.False(config.FollowRedirects);
        Assert.False(config.EnableHttp2);
        Assert.Equal(new Uri("http://proxy.internal:3128"), config.ProxyUrl);
    }

    [Fact]
    public void InlineSecrets_AreRead()
    {
        var config = ConfigText.Read("""
            basic_auth:
              username_file: /run/secrets/user
              password: s3cret
            tls_config:
              ca: "-----BEGIN CERTIFICATE-----"
              cert: "client cert"
              key: "client key"
              min_version: TLS10
              max_version: TLS11
            """);

        Assert.Equal(new BasicAuth { UsernameFile = "/run/secrets/user", Password = "s3cret" }, config.BasicAuth);
        Assert.Equal("-----BEGIN CERTIFICATE-----", config.TlsConfig.Ca);
        Assert.Equal("client cert", config.TlsConfig.Cert);
        Assert.Equal("client key", config.TlsConfig.Key);
        Assert.Equal(TlsVersion.Tls10, config.TlsConfig.MinVersion);
        Assert.Equal(TlsVersion.Tls11, config.TlsConfig.MaxVersion);
    }

    [Fact]
    public void RelativeFilePaths_AreResolvedAgainstTheConfigFileDirectory()
    {
        var basic = ConfigText.Read("""
            basic_auth:
              username_file: secrets/user
              password_file: ../password
            tls_config:
              ca_file: ca.pem
              cert_file: tls/client.pem
              key_file: tls/client-key.pem
            """);
        var authorization = ConfigText.Read("""
            authorization:
              credentials_file: secrets/token
            """);
        var bearer = ConfigText.Read("bearer_token_file: token\n");

        Assert.Equal(ConfigText.Resolved("secrets/user"), basic.BasicAuth!.UsernameFile);
        Assert.Equal(ConfigText.Resolved("../password"), basic.BasicAuth.PasswordFile);
        Assert.Equal(ConfigText.Resolved("ca.pem"), basic.TlsConfig.CaFile);
        Assert.Equal(ConfigText.Resolved("tls/client.pem"), basic.TlsConfig.CertFile);
        Assert.Equal(ConfigText.Resolved("tls/client-key.pem"), basic.TlsConfig.KeyFile);
        Assert.Equal(ConfigText.Resolved("secrets/token"), authorization.Authorization!.CredentialsFile);
        Assert.Equal(ConfigText.Resolved("token"), bearer.Authorization!.CredentialsFile);
    }

    [Fact]
    public void RelativeFilePaths_AreResolvedAgainstAGivenBaseDirectory()
    {
        var baseDirectory = Path.Combine(Path.GetTempPath(), "elsewhere");

        var config = HttpClientConfigReader.Read(ConfigText.Load("bearer_token_file: token\n"), baseDirectory);

        Assert.Equal(Path.Combine(baseDirectory, "token"), config.Authorization!.CredentialsFile);
    }

    [Fact]
    public void AbsoluteFilePaths_AreKept()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "token");

        var config = ConfigText.Read($"bearer_token_file: {absolute}\n");

        Assert.Equal(absolute, config.Authorization!.CredentialsFile);
    }

    [Fact]
    public void ParentSection_KeepsOtherKeysForTheCaller()
    {
        var section = ConfigText.Load("""
            job_name: node
            bearer_token: abc
            tls_config:
              insecure_skip_verify: true
            follow_redirects: true
            """);

        HttpClientConfigReader.Read(section);
        var error = Assert.Throws<ConfigException>(() => section.RejectUnknownKeys());

        Assert.Equal(1, error.Line);
        Assert.Contains("\"job_name\"", error.Reason);
    }

    [Fact]
    public void ParentSection_MarksEveryHttpClientKeyAsRead()
    {
        var section = ConfigText.Load("""
            basic_auth: {username: a}
            tls_config: {}
            follow_redirects: true
            enable_http2: true
            proxy_url: http://proxy:3128
            """);

        HttpClientConfigReader.Read(section);

        section.RejectUnknownKeys();
    }

    [Fact]
    public void EmptyBasicAuth_LeavesItUnset()
    {
        var config = ConfigText.Read("basic_auth:\nbearer_token: abc\n");

        Assert.Null(config.BasicAuth);
        Assert.Equal("abc", config.Authorization!.Credentials);
    }

    [Fact]
    public void NonBooleanFollowRedirects_IsRefused()
    {
        var error = ConfigText.Refuse("job_name: a\nfollow_redirects: sometimes\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("not a boolean", error.Reason);
    }

    [Fact]
    public void NonHttpProxyUrl_IsRefused()
    {
        var error = ConfigText.Refuse("job_name: a\nproxy_url: socks5://proxy:1080\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("proxy_url scheme \"socks5\" is not supported yet: only http:// proxies are", error.Reason);
    }

    [Fact]
    public void InvalidProxyUrl_IsRefusedWithoutEchoingIt()
    {
        var error = ConfigText.Refuse("job_name: a\nproxy_url: \"user:pa ss@proxy\"\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("proxy_url is not a valid URL", error.Reason);
    }

    [Theory]
    [InlineData("oauth2:\n  client_id: a\n  token_url: http://auth/token")]
    [InlineData("proxy_from_environment: true")]
    [InlineData("no_proxy: localhost")]
    [InlineData("proxy_connect_header:\n  X-A: [b]")]
    [InlineData("http_headers:\n  X-A:\n    values: [b]")]
    public void NotYetSupportedSetting_IsRefusedByName(string yaml)
    {
        var key = yaml[..yaml.IndexOf(':')];

        var error = ConfigText.Refuse("job_name: a\n" + yaml + "\n");

        Assert.Equal(2, error.Line);
        Assert.Equal($"{key} is a Prometheus setting this version of OrleansScrape does not support yet", error.Reason);
    }
}
