using OrleansScrape.Prometheus.Translation;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class ResourceAttributesTests
{
    private static Dictionary<string, string> Resource(string instance, string job = "node", string scheme = "http") =>
        PrometheusToOtlpTranslator.ResourceAttributes(job, instance, scheme).ToDictionary(a => a.Key, a => a.Value);

    [Fact]
    public void ResourceAttributes_HostAndPort_FollowTheCollectorReceiver()
    {
        var attributes = PrometheusToOtlpTranslator.ResourceAttributes("node", "10.0.0.7:9100", "https");

        Attribute[] expected =
        [
            new("service.name", "node"),
            new("service.instance.id", "10.0.0.7:9100"),
            new("server.address", "10.0.0.7"),
            new("server.port", "9100"),
            new("url.scheme", "https"),
        ];
        Assert.Equal(expected, attributes);
    }

    [Fact]
    public void ResourceAttributes_HostName_IsServerAddress()
    {
        var resource = Resource("node-1.example.com:9100");

        Assert.Equal("node-1.example.com", resource["server.address"]);
        Assert.Equal("9100", resource["server.port"]);
    }

    [Theory]
    [InlineData("localhost:9100")]
    [InlineData("LOCALHOST:9100")]
    [InlineData("127.0.0.1:9100")]
    [InlineData("127.0.1.1:9100")]
    [InlineData("0.0.0.0:9100")]
    [InlineData("[::1]:9100")]
    [InlineData("[::]:9100")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public void ResourceAttributes_LoopbackOrUnspecifiedHost_HasNoServerAddress(string instance)
    {
        var resource = Resource(instance);

        Assert.False(resource.ContainsKey("server.address"));
        Assert.Equal(instance, resource["service.instance.id"]);
    }

    [Fact]
    public void ResourceAttributes_LoopbackHost_StillHasPort()
    {
        Assert.Equal("9100", Resource("127.0.0.1:9100")["server.port"]);
    }

    [Fact]
    public void ResourceAttributes_BracketedIpv6_IsUnbracketed()
    {
        var resource = Resource("[2001:db8::1]:9100");

        Assert.Equal("2001:db8::1", resource["server.address"]);
        Assert.Equal("9100", resource["server.port"]);
    }

    [Fact]
    public void ResourceAttributes_InstanceWithoutPort_HasNoServerPort()
    {
        var resource = Resource("node-1");

        Assert.Equal("node-1", resource["server.address"]);
        Assert.False(resource.ContainsKey("server.port"));
    }

    [Fact]
    public void ResourceAttributes_BareNumberHost_IsAHostName()
    {
        Assert.Equal("0", Resource("0:80")["server.address"]);
    }

    [Fact]
    public void ResourceAttributes_LegacyAttributes_AreNotProduced()
    {
        var resource = Resource("10.0.0.7:9100");

        Assert.DoesNotContain(resource.Keys, k => k.StartsWith("net.", StringComparison.Ordinal) || k == "http.scheme");
        Assert.Equal(5, resource.Count);
    }
}
