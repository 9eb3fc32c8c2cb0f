using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansScrape.Abstractions.Serialization;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Grains.Tests;

/// <summary>Generated scrape configs travel to scrapers through the Orleans serializer: every scrape setting must survive.</summary>
public sealed class ScrapeConfigSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(ScrapeConfigConverter).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static ScrapeConfig Sample() => new()
    {
        JobName = "serviceMonitor/shop/cart/0",
        ScrapeInterval = TimeSpan.FromSeconds(15),
        ScrapeTimeout = TimeSpan.FromSeconds(5),
        MetricsPath = "/custom",
        Scheme = "https",
        HonorLabels = true,
        HonorTimestamps = false,
        Params = new Dictionary<string, string[]> { ["module"] = ["http_2xx", "tcp"] },
        SampleLimit = 1000,
        LabelLimit = 30,
        LabelNameLengthLimit = 100,
        LabelValueLengthLimit = 200,
        BodySizeLimit = 1 << 20,
        ScrapeProtocols = ["OpenMetricsText1.0.0", "PrometheusText0.0.4"],
        HttpClient = new HttpClientConfig
        {
            BasicAuth = new BasicAuth { Username = "scraper", Password = "s3cret" },
            TlsConfig = new TlsConfig { Ca = "-----BEGIN CERTIFICATE-----", ServerName = "cart.shop.svc", InsecureSkipVerify = true, MinVersion = TlsVersion.Tls12 },
            FollowRedirects = false,
            EnableHttp2 = false,
            ProxyUrl = new Uri("http://proxy.local:3128"),
        },
        RelabelConfigs =
        [
            new RelabelConfig { SourceLabels = ["__meta_kubernetes_pod_name"], TargetLabel = "pod", Regex = RelabelRegex.Parse("(.+)"), Replacement = "$1" },
        ],
        MetricRelabelConfigs =
        [
            new RelabelConfig { SourceLabels = ["__name__"], Regex = RelabelRegex.Parse("go_.*"), Action = RelabelAction.Drop },
            new RelabelConfig { SourceLabels = ["instance"], TargetLabel = "shard", Modulus = 4, Action = RelabelAction.HashMod },
        ],
        // Discovery settings stay with the discovery grain.
        StaticConfigs = [new StaticConfig { Targets = ["a:1"] }],
    };

    [Fact]
    public void Scrape_settings_survive_the_trip_to_a_scraper()
    {
        var original = Sample();

        var copy = Serializer.Deserialize<ScrapeConfig>(Serializer.SerializeToArray(original))!;

        Assert.Equal(original.JobName, copy.JobName);
        Assert.Equal(original.ScrapeInterval, copy.ScrapeInterval);
        Assert.Equal(original.ScrapeTimeout, copy.ScrapeTimeout);
        Assert.Equal(original.MetricsPath, copy.MetricsPath);
        Assert.Equal(original.Scheme, copy.Scheme);
        Assert.True(copy.HonorLabels);
        Assert.False(copy.HonorTimestamps);
        Assert.Equal(["http_2xx", "tcp"], copy.Params["module"]);
        Assert.Equal((1000, 30, 100, 200, 1L << 20), (copy.SampleLimit, copy.LabelLimit, copy.LabelNameLengthLimit, copy.LabelValueLengthLimit, copy.BodySizeLimit));
        Assert.Equal(original.ScrapeProtocols, copy.ScrapeProtocols);
        Assert.Equal(original.HttpClient.BasicAuth, copy.HttpClient.BasicAuth);
        Assert.Null(copy.HttpClient.Authorization);
        Assert.Equal(original.HttpClient.TlsConfig, copy.HttpClient.TlsConfig);
        Assert.False(copy.HttpClient.FollowRedirects);
        Assert.False(copy.HttpClient.EnableHttp2);
        Assert.Equal(original.HttpClient.ProxyUrl, copy.HttpClient.ProxyUrl);
        Assert.Equal(original.RelabelConfigs, copy.RelabelConfigs);
        Assert.Equal(original.MetricRelabelConfigs, copy.MetricRelabelConfigs);
    }

    [Fact]
    public void Discovery_settings_are_not_carried()
    {
        var copy = Serializer.Deserialize<ScrapeConfig>(Serializer.SerializeToArray(Sample()))!;

        Assert.Empty(copy.StaticConfigs);
    }

    [Fact]
    public void A_target_carries_the_version_of_its_generated_scrape_config()
    {
        var target = new ScrapeTarget
        {
            Job = "cart", Instance = "10.0.0.1:8080", Scheme = "http", Address = "10.0.0.1:8080", MetricsPath = "/metrics",
            ScrapeInterval = TimeSpan.FromSeconds(30), ScrapeTimeout = TimeSpan.FromSeconds(10),
            ScrapeConfigName = "serviceMonitor/shop/cart/0", ScrapeConfigVersion = "7f3a",
        };

        var copy = Serializer.Deserialize<ScrapeTarget>(Serializer.SerializeToArray(target))!;

        Assert.Equal("7f3a", copy.ScrapeConfigVersion);
        Assert.Equal(target, copy);
        Assert.NotEqual(target, target with { ScrapeConfigVersion = "8b01" });
    }
}
