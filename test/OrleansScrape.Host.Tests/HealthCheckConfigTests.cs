using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Extensions.HealthCheck;
using OrleansScrape.Hosting.Telemetry;

namespace OrleansScrape.Host.Tests;

public sealed class HealthCheckConfigTests
{
    private static readonly HealthCheckExtensionFactory Factory = new();

    // The body sits under extensions.health_check: its first line is line 3 of the document.
    private static (HealthCheckOptions Options, ConfigWarnings Warnings) Read(string body, string id = "health_check")
    {
        var warnings = new ConfigWarnings();
        var text = $"extensions:\n  {id}:\n" + string.Join('\n', body.Split('\n').Select(line => "    " + line)) + "\n";
        var root = YamlDocument.Load(text, "collector.yaml", warnings);
        return (Factory.ReadTyped(root.GetMapping("extensions")!.GetMapping(id)!), warnings);
    }

    [Fact]
    public void Factory_IsTheHealthCheckExtension()
    {
        Assert.Equal(ComponentKind.Extension, Factory.Kind);
        Assert.Equal("health_check", Factory.Type);
        var registry = new ComponentRegistry([Factory]);
        Assert.Same(Factory, registry.Find(ComponentKind.Extension, "health_check"));
    }

    [Fact]
    public void EmptySection_GivesTheDefaults()
    {
        var root = YamlDocument.Load("extensions:\n  health_check:\n", "collector.yaml");
        var options = Factory.ReadTyped(root.GetMapping("extensions")!.GetMapping("health_check")!);
        Assert.Equal("localhost:13133", options.Endpoint);
        Assert.Equal("/", options.Path);
        Assert.Null(options.ResponseBody);
        Assert.True(options.Answers("/"));
        Assert.True(options.Answers("/anything"));
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        var (options, warnings) = Read("""
            endpoint: 0.0.0.0:13134
            path: /health/status
            response_body:
              healthy: I'm OK
              unhealthy: I'm not well
            """);
        Assert.Equal("0.0.0.0:13134", options.Endpoint);
        Assert.Equal("/health/status", options.Path);
        Assert.Equal("I'm OK", options.ResponseBody!.Healthy);
        Assert.Equal("I'm not well", options.ResponseBody.Unhealthy);
        Assert.True(options.Answers("/health/status"));
        Assert.False(options.Answers("/health/status/more"));
        Assert.False(options.Answers("/"));
        Assert.Empty(warnings.All);
    }

    [Fact]
    public void UnsetVariableHost_ListensOnEveryInterface()
    {
        Assert.Null(Environment.GetEnvironmentVariable("ORLEANSSCRAPE_TEST_UNSET_POD_IP"));
        var (options, warnings) = Read("endpoint: \"${env:ORLEANSSCRAPE_TEST_UNSET_POD_IP}:13133\"");
        Assert.Equal(":13133", options.Endpoint);
        Assert.Contains("ORLEANSSCRAPE_TEST_UNSET_POD_IP is not set", Assert.Single(warnings.All).Message);
        Assert.True(ListenEndpoint.TryParse(options.Endpoint, out var endpoint, out _));
        Assert.True(endpoint.IsAllInterfaces);
        Assert.Equal(13133, endpoint.Port);
    }

    [Theory]
    [InlineData("localhost:13133", false, true, null)]
    [InlineData(":13133", true, false, null)]
    [InlineData("0.0.0.0:13133", false, false, "0.0.0.0")]
    [InlineData("[::]:13133", false, false, "::")]
    [InlineData("10.1.2.3:13133", false, false, "10.1.2.3")]
    public void EndpointForms_AreUnderstood(string text, bool allInterfaces, bool localhost, string? address)
    {
        Assert.True(ListenEndpoint.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(allInterfaces, endpoint.IsAllInterfaces);
        Assert.Equal(localhost, endpoint.IsLocalhost);
        Assert.Equal(address, endpoint.Address?.ToString());
        Assert.Equal(13133, endpoint.Port);
    }

    [Fact]
    public void CheckCollectorPipeline_IsAcceptedAsDeprecated()
    {
        var (options, warnings) = Read("""
            check_collector_pipeline:
              enabled: true
              interval: 5m
              exporter_failure_threshold: 5
            """);
        Assert.Equal("localhost:13133", options.Endpoint);
        var warning = Assert.Single(warnings.All);
        Assert.Equal(3, warning.Line);
        Assert.Contains("deprecated", warning.Message);
    }

    [Fact]
    public void Tls_IsRefusedByName()
    {
        var error = Assert.Throws<ConfigException>(() => Read("""
            endpoint: 0.0.0.0:13133
            tls:
              cert_file: /cert.pem
              key_file: /key.pem
            """));
        Assert.Equal(4, error.Line);
        Assert.Contains("extensions.health_check.tls is not supported", error.Message);
    }

    [Fact]
    public void PathWithoutSlash_IsRefusedAtItsLine()
    {
        var error = Assert.Throws<ConfigException>(() => Read("endpoint: localhost:13133\npath: health"));
        Assert.Equal(4, error.Line);
        Assert.Contains("path: \"health\" must start with /", error.Message);
    }

    [Fact]
    public void EndpointWithoutPort_IsRefusedAtItsLine()
    {
        var error = Assert.Throws<ConfigException>(() => Read("path: /\nendpoint: localhost"));
        Assert.Equal(4, error.Line);
        Assert.Contains("has no port", error.Message);
    }

    [Fact]
    public void UnknownKey_IsRefused()
    {
        var error = Assert.Throws<ConfigException>(() => Read("endpoint: localhost:13133\nport: 13133"));
        Assert.Equal(4, error.Line);
        Assert.Contains("unknown key \"port\" in extensions.health_check", error.Message);
    }

    [Fact]
    public void NamedInstances_ReadTheirOwnSections()
    {
        var (options, _) = Read("endpoint: 127.0.0.1:14000\npath: /a", id: "health_check/a");
        Assert.Equal("127.0.0.1:14000", options.Endpoint);
        Assert.Equal("/a", options.Path);
    }
}
