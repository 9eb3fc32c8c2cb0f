using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Tests;

/// <summary>Which part of a job each discovery shard runs (layout shop | rest, the default shard owning the others).</summary>
public sealed class DiscoveryShardScopeTests
{
    private static readonly DiscoveryShardLayout Layout = new([new("shop", ["shop"]), new("rest", ["rest", "web"])]);

    private static KubernetesSdConfig Sd(KubernetesSdRole role, bool own = false, params string[] namespaces) =>
        new() { Role = role, Namespaces = namespaces, OwnNamespace = own };

    // A kubernetes_sd_configs entry through the shard's generic restriction, as discovery runs it.
    private static KubernetesSdConfig? Restrict(ShardScope scope, KubernetesSdConfig config) =>
        (KubernetesSdConfig?)scope.Restrict(KubernetesSdKind.Instance.Entry(config))?.Config;

    private static bool Keeps(ShardScope scope, TargetGroup group) => scope.Keeps(KubernetesSdKind.Instance, group);

    private static TargetGroup Group(string? ns) => new()
    {
        Source = "g",
        Labels = ns is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["__meta_kubernetes_namespace"] = ns },
    };

    [Theory]
    // shard, configured namespaces (empty: all), watched namespaces (null: the entry is not run)
    [InlineData("shop", "", "shop")]
    [InlineData("rest", "", "rest,web")]
    [InlineData("default", "", "")]
    [InlineData("shop", "shop,other", "shop")]
    [InlineData("rest", "shop,other", null)]
    [InlineData("default", "shop,other", "other")]
    [InlineData("default", "shop,rest", null)]
    public void A_kubernetes_sd_entry_is_restricted_to_the_shards_namespaces(string shard, string configured, string? watched)
    {
        var config = Sd(KubernetesSdRole.Pod, false, configured.Split(',', StringSplitOptions.RemoveEmptyEntries));

        var restricted = Restrict(Layout.ScopeOf(shard), config);

        Assert.Equal(watched, restricted is null ? null : string.Join(',', restricted.Namespaces));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("shop", false)]
    [InlineData("rest", false)]
    public void Node_role_and_static_discovery_belong_to_the_default_shard_only(string shard, bool runs)
    {
        var scope = Layout.ScopeOf(shard);

        Assert.Equal(runs, Restrict(scope, Sd(KubernetesSdRole.Node)) is not null);
        Assert.Equal(runs, scope.OwnsNonNamespaced);
    }

    [Fact]
    public void Own_namespace_stays_watched_and_is_kept_only_by_its_owner()
    {
        var config = Sd(KubernetesSdRole.Pod, true, "other");

        var shop = Layout.ScopeOf("shop");
        Assert.True(Restrict(shop, config) is { OwnNamespace: true, Namespaces.Count: 0 });
        Assert.True(Keeps(shop, Group("shop")));
        Assert.False(Keeps(shop, Group("other")));
    }

    [Theory]
    [InlineData("shop", "shop", true)]
    [InlineData("shop", "rest", false)]
    [InlineData("rest", "web", true)]
    [InlineData("default", "shop", false)]
    [InlineData("default", "kube-system", true)]
    [InlineData("default", null, true)]
    [InlineData("shop", null, false)]
    public void A_group_is_kept_by_the_shard_owning_its_namespace(string shard, string? ns, bool kept)
    {
        Assert.Equal(kept, Keeps(Layout.ScopeOf(shard), Group(ns)));
    }

    [Fact]
    public void Every_namespace_is_kept_by_exactly_one_shard()
    {
        foreach (var ns in new[] { "shop", "rest", "web", "kube-system", "monitoring" })
        {
            Assert.Single(Layout.Names, shard => Keeps(Layout.ScopeOf(shard), Group(ns)));
        }
    }

    [Fact]
    public void Without_shards_the_default_shard_runs_every_entry_unchanged()
    {
        var config = Sd(KubernetesSdRole.Endpoints, false, "a", "b");

        Assert.Equal([DiscoveryShards.Default], DiscoveryShardLayout.Single.Names);
        Assert.Same(config, Restrict(DiscoveryShardLayout.Single.ScopeOf(DiscoveryShards.Default), config));
    }

    [Fact]
    public void A_shard_key_that_is_not_configured_runs_nothing()
    {
        var scope = Layout.ScopeOf("gone");

        Assert.Null(Restrict(scope, Sd(KubernetesSdRole.Pod)));
        Assert.False(scope.OwnsNonNamespaced);
    }

    [Theory]
    [InlineData("Shop", "must be 1 to 63")]
    [InlineData("", "must be 1 to 63")]
    [InlineData("a/b", "must be 1 to 63")]
    public void Shard_names_are_plain_grain_keys(string name, string error)
    {
        Assert.Contains(error, DiscoveryShardLayout.Validate([new(name, ["ns"])]));
    }

    [Fact]
    public void A_namespace_belongs_to_at_most_one_shard()
    {
        Assert.Contains("listed by discovery shards \"a\" and \"b\"", DiscoveryShardLayout.Validate([new("a", ["x"]), new("b", ["y", "x"])]));
        Assert.Contains("defined twice", DiscoveryShardLayout.Validate([new("a", ["x"]), new("a", ["y"])]));
        Assert.Contains("lists no namespaces", DiscoveryShardLayout.Validate([new("a", [])]));
        Assert.Null(DiscoveryShardLayout.Validate([new("default", []), new("a", ["x"])]));
    }
}
