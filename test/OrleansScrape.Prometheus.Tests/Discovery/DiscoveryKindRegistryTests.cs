using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>Service discovery lists are read by the kinds a registry lists, and only by them.</summary>
public sealed class DiscoveryKindRegistryTests
{
    private static readonly DiscoveryKindRegistry WithExample = DiscoveryKindRegistry.Default.With(new ExampleSdKind());

    private static PrometheusConfig Read(string job, DiscoveryKindRegistry? kinds = null) =>
        PrometheusConfigReader.Read(YamlDocument.Load("scrape_configs:\n  - job_name: j\n" + job, "/etc/prometheus/prometheus.yml"), kinds);

    [Fact]
    public void The_key_of_a_kind_is_its_name_followed_by_sd_configs()
    {
        var kind = new ExampleSdKind("example");
        var registry = new DiscoveryKindRegistry([kind]);

        Assert.Equal("example_sd_configs", kind.Key);
        Assert.Same(kind, registry.Find("example_sd_configs"));
        Assert.Null(registry.Find("example"));
        Assert.Equal(["file_sd_configs", "http_sd_configs", "kubernetes_sd_configs"], DiscoveryKindRegistry.Default.Kinds.Select(k => k.Key));
    }

    [Theory]
    [InlineData("Example")]
    [InlineData("my_example")]
    [InlineData("")]
    [InlineData("2nd")]
    public void A_kind_name_is_lower_case_letters_and_digits(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new DiscoveryKindRegistry([new ExampleSdKind(name)]));

        Assert.Contains("is not a service discovery name", error.Message);
    }

    [Fact]
    public void Two_kinds_of_one_name_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DiscoveryKindRegistry.Default.With(new ExampleSdKind("file")));

        Assert.Contains("Two service discovery kinds are named \"file\"", error.Message);
    }

    [Fact]
    public void An_unknown_sd_configs_key_is_refused_by_name_with_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => Read("    static_configs: [{targets: ['a:1']}]\n    foo_sd_configs:\n      - server: x\n"));

        Assert.Equal(4, error.Line);
        Assert.Equal(
            "scrape_configs[0].foo_sd_configs is not a service discovery this version of OrleansScrape reads (supported: file_sd_configs, http_sd_configs, kubernetes_sd_configs)",
            error.Reason);
    }

    [Theory]
    [InlineData("dns_sd_configs")]
    [InlineData("consul_sd_configs")]
    [InlineData("ec2_sd_configs")]
    public void Prometheus_kinds_this_version_lacks_stay_refused_as_unsupported(string key)
    {
        var error = Assert.Throws<ConfigException>(() => Read($"    {key}: []\n"));

        Assert.Equal(3, error.Line);
        Assert.Equal($"scrape_configs[0].{key} is a Prometheus setting this version of OrleansScrape does not support yet", error.Reason);
    }

    [Fact]
    public void A_kind_of_a_registry_passed_to_the_reader_is_read_by_its_key()
    {
        var job = Assert.Single(Read("    example_sd_configs:\n      - server: a\n      - server: b\n", WithExample).ScrapeConfigs);

        Assert.Equal([new ExampleSdConfig("a"), new ExampleSdConfig("b")], job.SdConfigs<ExampleSdConfig>());
        Assert.All(job.ServiceDiscoveryConfigs, e => Assert.Equal("example", e.Kind.Name));
    }

    [Fact]
    public void A_kind_outside_the_registry_is_refused_even_when_another_registry_knows_it()
    {
        var error = Assert.Throws<ConfigException>(() => Read("    example_sd_configs:\n      - server: a\n"));

        Assert.StartsWith("scrape_configs[0].example_sd_configs is not a service discovery", error.Reason);
    }

    [Fact]
    public void Keys_a_kind_does_not_read_are_refused_in_its_entry()
    {
        var error = Assert.Throws<ConfigException>(() => Read("    example_sd_configs:\n      - server: a\n        port: 1\n", WithExample));

        Assert.Equal(5, error.Line);
        Assert.Contains("unknown key \"port\"", error.Reason);
    }

    [Fact]
    public void A_registered_kind_is_read_even_under_a_name_the_reader_refuses_as_unsupported()
    {
        var kinds = DiscoveryKindRegistry.Default.With(new ExampleSdKind("dns"));

        var job = Assert.Single(Read("    dns_sd_configs:\n      - server: a\n", kinds).ScrapeConfigs);

        Assert.Equal("dns", Assert.Single(job.ServiceDiscoveryConfigs).Kind.Name);
    }

    [Fact]
    public void Entries_keep_the_files_order_across_kinds()
    {
        var job = Assert.Single(Read(
            "    http_sd_configs:\n      - url: http://sd/a\n    example_sd_configs:\n      - server: b\n    file_sd_configs:\n      - files: [c.json]\n",
            WithExample).ScrapeConfigs);

        Assert.Equal(["http", "example", "file"], job.ServiceDiscoveryConfigs.Select(e => e.Kind.Name));
        Assert.Equal("http://sd/a", Assert.Single(job.SdConfigs<HttpSdConfig>()).Url);
        Assert.Equal(["/etc/prometheus/c.json"], Assert.Single(job.SdConfigs<FileSdConfig>()).Files);
    }

    [Fact]
    public void The_default_registry_reads_every_kind_this_build_runs()
    {
        var job = Assert.Single(Read("    kubernetes_sd_configs:\n      - role: pod\n    file_sd_configs:\n      - files: [c.json]\n").ScrapeConfigs);

        Assert.Equal([KubernetesSdKind.Instance, FileSdKind.Instance], job.ServiceDiscoveryConfigs.Select(e => e.Kind));
        Assert.Equal(KubernetesSdRole.Pod, Assert.Single(job.SdConfigs<KubernetesSdConfig>()).Role);
    }

    [Fact]
    public void An_entry_creates_its_discoverer_through_its_kind()
    {
        var job = Assert.Single(Read("    example_sd_configs:\n      - server: a:9100\n", WithExample).ScrapeConfigs);
        using var clients = new ScrapeHttpClients();

        using var discoverer = Assert.Single(job.ServiceDiscoveryConfigs).CreateDiscoverer(new DiscovererContext(job, clients));

        Assert.Equal("a:9100", Assert.Single(Assert.Single(discoverer.Current).Targets)[TargetLabelNames.Address]);
    }

    [Fact]
    public void A_kind_whose_discoverer_lives_in_another_library_says_when_the_process_does_not_provide_it()
    {
        var job = Assert.Single(Read("    kubernetes_sd_configs:\n      - role: pod\n").ScrapeConfigs);
        using var clients = new ScrapeHttpClients();

        var error = Assert.Throws<InvalidOperationException>(() => job.ServiceDiscoveryConfigs[0].CreateDiscoverer(new DiscovererContext(job, clients)));

        Assert.Contains("kubernetes_sd_configs of job \"j\" needs the Kubernetes discovery", error.Message);
    }
}
