using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class DiscoveryShardsConfigTests
{
    private static string Config(string discovery) => DiscoveryConfigs.WithDiscovery(discovery);

    [Fact]
    public void Discovery_shards_are_read_with_the_default_shard_first()
    {
        var settings = OrleansScrapeConfigReader.Read(Config("""
              shards:
                - name: shop
                  namespaces: [shop]
                - name: rest
                  namespaces: [rest, web]
            """), "test.yaml");

        Assert.Equal(["default", "shop", "rest"], settings.Discovery.Shards.Names);
        Assert.True(settings.Discovery.Shards.ScopeOf("rest").Owns("web"));
        Assert.False(settings.Discovery.Shards.ScopeOf("default").Owns("web"));
    }

    [Fact]
    public void Without_discovery_shards_there_is_only_the_default_shard()
    {
        var settings = OrleansScrapeConfigReader.Read(Config("  allocation_strategy: consistent-hashing"), "test.yaml");

        Assert.Equal(["default"], settings.Discovery.Shards.Names);
    }

    [Theory]
    [InlineData("- name: a\n      namespaces: [x]\n    - name: b\n      namespaces: [x]", 16, "namespace \"x\" is listed by discovery shards \"a\" and \"b\"")]
    [InlineData("- name: a\n      namespaces: [x]\n    - name: a\n      namespaces: [y]", 16, "discovery shard \"a\" is defined twice")]
    [InlineData("- name: Big\n      namespaces: [x]", 14, "discovery shard name \"Big\" must be")]
    [InlineData("- namespaces: [x]", 14, "a discovery shard needs a name")]
    [InlineData("- name: a", 14, "discovery shard \"a\" lists no namespaces")]
    [InlineData("- name: a\n      namespaces: [x]\n      labels: [y]", 16, "labels")]
    public void Invalid_discovery_shards_are_refused_at_the_shard(string shards, int line, string reason)
    {
        var error = Assert.Throws<ConfigException>(() => OrleansScrapeConfigReader.Read(Config("  shards:\n    " + shards), "test.yaml"));

        Assert.Contains(reason, error.Message);
        Assert.Equal(line, error.Line);
    }
}
