using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Prometheus.Tests.Discovery;

public sealed class HttpSdConfigReaderTests
{
    private static YamlMappingReader Section(string entry)
    {
        var text = "http_sd_configs:\n" + string.Join('\n', entry.Split('\n').Select((line, i) => (i == 0 ? "  - " : "    ") + line));
        return YamlDocument.Load(text, "prometheus.yml").GetMappingSequence("http_sd_configs")[0];
    }

    [Fact]
    public void Refresh_interval_defaults_to_sixty_seconds()
    {
        var config = HttpSdConfigReader.Read(Section("url: http://sd.example:8080/targets"));

        Assert.Equal("http://sd.example:8080/targets", config.Url);
        Assert.Equal(TimeSpan.FromSeconds(60), config.RefreshInterval);
        Assert.Null(config.HttpClientSettings);
    }

    [Fact]
    public void Refresh_interval_is_a_prometheus_duration()
    {
        var config = HttpSdConfigReader.Read(Section("url: https://sd.example/targets\nrefresh_interval: 15s"));

        Assert.Equal(TimeSpan.FromSeconds(15), config.RefreshInterval);
    }

    [Fact]
    public void Url_is_required()
    {
        var missing = Assert.Throws<ConfigException>(() => HttpSdConfigReader.Read(Section("refresh_interval: 15s")));
        var empty = Assert.Throws<ConfigException>(() => HttpSdConfigReader.Read(Section("refresh_interval: 15s\nurl: ''")));

        Assert.Equal("URL is missing", missing.Reason);
        Assert.Equal("URL is missing", empty.Reason);
        Assert.Equal(3, empty.Line);
    }

    [Theory]
    [InlineData("ftp://sd.example/targets")]
    [InlineData("file:///etc/targets.json")]
    [InlineData("sd.example/targets")]
    [InlineData("/targets")]
    public void Url_scheme_must_be_http_or_https(string url)
    {
        var error = Assert.Throws<ConfigException>(() => HttpSdConfigReader.Read(Section($"url: '{url}'")));

        Assert.Equal("URL scheme must be 'http' or 'https'", error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("http:///targets")]
    [InlineData("http:targets")]
    [InlineData("https://user@/targets")]
    public void Url_must_name_a_host(string url)
    {
        var error = Assert.Throws<ConfigException>(() => HttpSdConfigReader.Read(Section($"url: '{url}'")));

        Assert.Equal("host is missing in URL", error.Reason);
    }

    [Fact]
    public void Refresh_interval_must_be_greater_than_zero()
    {
        var error = Assert.Throws<ConfigException>(() => HttpSdConfigReader.Read(Section("url: http://sd/\nrefresh_interval: 0s")));

        Assert.Contains("refresh_interval must be greater than zero", error.Reason);
    }

    [Fact]
    public void Http_client_keys_go_to_the_callback_and_its_result_is_kept()
    {
        var section = Section("url: http://sd/\nbasic_auth:\n  username: prom\n  password: pw");

        var config = HttpSdConfigReader.Read(section, s => s.GetMapping("basic_auth")!.GetString("username"));
        section.RejectUnknownKeys();

        Assert.Equal("prom", config.HttpClientSettings);
    }

    [Fact]
    public void Unknown_key_is_refused_by_the_callers_RejectUnknownKeys()
    {
        var section = Section("url: http://sd/\nbasic_auth:\n  username: prom\nurll: http://typo/");

        // Read leaves unknown keys alone, since the client settings reader shares the mapping...
        var config = HttpSdConfigReader.Read(section, s => s.GetMapping("basic_auth"));
        Assert.Equal("http://sd/", config.Url);

        // ...so the caller refuses them once every reader had its turn.
        var error = Assert.Throws<ConfigException>(() => section.RejectUnknownKeys());
        Assert.Equal(5, error.Line);
        Assert.StartsWith("unknown key \"urll\"", error.Reason);
    }
}
