using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class TlsHandlerTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private Task<TestServer> StartHttps(Func<HttpContext, string> describe, Action<HttpsConnectionAdapterOptions>? configure = null) =>
        TestServer.StartAsync(describe, https =>
        {
            https.ServerCertificate = _certificates.Localhost;
            configure?.Invoke(https);
        });

    private HttpClientConfig TrustingTheCa(TlsConfig? tls = null) =>
        new() { TlsConfig = (tls ?? new TlsConfig()) with { CaFile = _certificates.CaFile } };

    [Fact]
    public async Task CustomCa_Succeeds()
    {
        await using var server = await StartHttps(_ => "ok");

        var body = await HandlerClient.GetStringAsync(TrustingTheCa(), server.BaseAddress);

        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task WithoutCustomCa_Fails()
    {
        await using var server = await StartHttps(_ => "ok");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HandlerClient.GetStringAsync(new HttpClientConfig(), server.BaseAddress));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task CustomCa_ReplacesTheSystemTrust()
    {
        using var other = new TestCertificates();
        await using var server = await StartHttps(_ => "ok");
        var config = new HttpClientConfig { TlsConfig = new TlsConfig { CaFile = other.CaFile } };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HandlerClient.GetStringAsync(config, server.BaseAddress));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task InlinePem_IsUsedLikeFiles()
    {
        await using var server = await StartHttps(
            context => context.Connection.ClientCertificate?.Subject ?? "none",
            https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == _certificates.Ca.Subject;
            });
        var config = new HttpClientConfig
        {
            TlsConfig = new TlsConfig
            {
                Ca = File.ReadAllText(_certificates.CaFile),
                Cert = File.ReadAllText(_certificates.ClientCertFile),
                Key = File.ReadAllText(_certificates.ClientKeyFile),
            },
        };

        var body = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("CN=scraper", body);
    }

    [Fact]
    public async Task InsecureSkipVerify_SucceedsWithoutCa()
    {
        await using var server = await TestServer.StartAsync(_ => "ok", https => https.ServerCertificate = _certificates.ExampleInternal);
        var config = new HttpClientConfig { TlsConfig = new TlsConfig { InsecureSkipVerify = true } };

        var body = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task CertificateForAnotherHost_FailsWithoutServerName()
    {
        await using var server = await TestServer.StartAsync(_ => "ok", https => https.ServerCertificate = _certificates.ExampleInternal);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HandlerClient.GetStringAsync(TrustingTheCa(), server.BaseAddress));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task ServerName_IsUsedForVerificationAndSni()
    {
        string? sni = null;
        await using var server = await TestServer.StartAsync(_ => "ok", https => https.ServerCertificateSelector = (_, name) =>
        {
            sni = name;
            return _certificates.ExampleInternal;
        });
        var config = TrustingTheCa(new TlsConfig { ServerName = "example.internal" });

        var body = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("ok", body);
        Assert.Equal("example.internal", sni);
    }

    [Fact]
    public async Task ServerName_NotInTheCertificate_Fails()
    {
        await using var server = await TestServer.StartAsync(_ => "ok", https => https.ServerCertificate = _certificates.ExampleInternal);
        var config = TrustingTheCa(new TlsConfig { ServerName = "other.internal" });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HandlerClient.GetStringAsync(config, server.BaseAddress));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task ServerName_StillNegotiatesHttp2()
    {
        await using var server = await TestServer.StartAsync(context => context.Request.Protocol, https => https.ServerCertificate = _certificates.ExampleInternal);
        var config = TrustingTheCa(new TlsConfig { ServerName = "example.internal" });

        var protocol = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("HTTP/2", protocol);
    }

    [Fact]
    public async Task ClientCertificate_IsPresented()
    {
        await using var server = await StartHttps(
            context => context.Connection.ClientCertificate?.Subject ?? "none",
            https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == _certificates.Ca.Subject;
            });
        var config = TrustingTheCa(new TlsConfig { CertFile = _certificates.ClientCertFile, KeyFile = _certificates.ClientKeyFile });

        var body = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("CN=scraper", body);
    }

    [Fact]
    public void UnusableCaFile_FailsAtCreation()
    {
        using var directory = new TempDirectory();
        var config = new HttpClientConfig { TlsConfig = new TlsConfig { CaFile = directory.Write("ca.pem", "not a certificate") } };

        var error = Assert.Throws<InvalidOperationException>(() => ScrapeHttpHandlerFactory.Create(config));

        Assert.StartsWith("unable to use specified CA cert file ", error.Message);
    }

    [Fact]
    public void MismatchedClientKey_FailsAtCreation()
    {
        using var other = new TestCertificates();
        var config = new HttpClientConfig { TlsConfig = new TlsConfig { CertFile = _certificates.ClientCertFile, KeyFile = other.ClientKeyFile } };

        var error = Assert.Throws<InvalidOperationException>(() => ScrapeHttpHandlerFactory.Create(config));

        Assert.StartsWith($"unable to use specified client cert (file {_certificates.ClientCertFile}) & key (file {other.ClientKeyFile})", error.Message);
    }

    [Fact]
    public async Task EnableHttp2_NegotiatesHttp2()
    {
        await using var server = await StartHttps(context => context.Request.Protocol);

        var protocol = await HandlerClient.GetStringAsync(TrustingTheCa(), server.BaseAddress);

        Assert.Equal("HTTP/2", protocol);
    }

    [Fact]
    public async Task EnableHttp2False_StaysOnHttp11()
    {
        await using var server = await StartHttps(context => context.Request.Protocol);

        var protocol = await HandlerClient.GetStringAsync(TrustingTheCa() with { EnableHttp2 = false }, server.BaseAddress);

        Assert.Equal("HTTP/1.1", protocol);
    }

    [Fact]
    public async Task MaxVersion_LimitsTheHandshake()
    {
        await using var server = await StartHttps(context => context.Features.GetRequiredFeature<ITlsHandshakeFeature>().Protocol.ToString());

        var protocol = await HandlerClient.GetStringAsync(TrustingTheCa(new TlsConfig { MaxVersion = TlsVersion.Tls12 }), server.BaseAddress);

        Assert.Equal(nameof(SslProtocols.Tls12), protocol);
    }

    [Fact]
    public async Task MinVersion_LimitsTheHandshake()
    {
        await using var server = await StartHttps(context => context.Features.GetRequiredFeature<ITlsHandshakeFeature>().Protocol.ToString(),
            https => https.SslProtocols = SslProtocols.Tls12);

        await Assert.ThrowsAsync<HttpRequestException>(() => HandlerClient.GetStringAsync(TrustingTheCa(new TlsConfig { MinVersion = TlsVersion.Tls13 }), server.BaseAddress));
    }
}
