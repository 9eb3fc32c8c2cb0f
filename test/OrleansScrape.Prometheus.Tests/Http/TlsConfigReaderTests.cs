namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class TlsConfigReaderTests
{
    [Fact]
    public void CaAndCaFile_AreRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  ca_file: /ca.pem\n  ca: pem\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("at most one of ca & ca_file must be configured", error.Reason);
    }

    [Fact]
    public void CertAndCertFile_AreRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  cert: pem\n  cert_file: /c.pem\n  key_file: /k.pem\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("at most one of cert & cert_file must be configured", error.Reason);
    }

    [Fact]
    public void KeyAndKeyFile_AreRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  cert_file: /c.pem\n  key_file: /k.pem\n  key: pem\n");

        Assert.Equal(4, error.Line);
        Assert.Equal("at most one of key and key_file must be configured", error.Reason);
    }

    [Fact]
    public void CertWithoutKey_IsRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  server_name: a\n  cert_file: /c.pem\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("exactly one of key or key_file must be configured when a client certificate is configured", error.Reason);
    }

    [Fact]
    public void KeyWithoutCert_IsRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  key: pem\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("exactly one of cert or cert_file must be configured when a client key is configured", error.Reason);
    }

    [Theory]
    [InlineData("min_version", "TLS14")]
    [InlineData("max_version", "tls12")]
    public void UnknownTlsVersion_IsRefused(string key, string version)
    {
        var error = ConfigText.Refuse($"tls_config:\n  insecure_skip_verify: false\n  {key}: {version}\n");

        Assert.Equal(3, error.Line);
        Assert.Equal($"unknown TLS version: {version}", error.Reason);
    }

    [Fact]
    public void MaxVersionBelowMinVersion_IsRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  min_version: TLS13\n  max_version: TLS12\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("tls_config.max_version must be greater than or equal to tls_config.min_version if both are specified", error.Reason);
    }

    [Fact]
    public void MaxVersionBelowDefaultMinimum_IsRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  max_version: TLS11\n");

        Assert.Equal(2, error.Line);
        Assert.StartsWith("tls_config.max_version TLS11 is below the default minimum version TLS12", error.Reason);
    }

    [Fact]
    public void NonBooleanInsecureSkipVerify_IsRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  insecure_skip_verify: yes please\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("not a boolean", error.Reason);
    }

    [Fact]
    public void UnknownKeyInTlsConfig_IsRefused()
    {
        var error = ConfigText.Refuse("tls_config:\n  ca_file: /ca.pem\n  insecure_skip_verfy: true\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("unknown key \"insecure_skip_verfy\" in tls_config", error.Reason);
    }
}
