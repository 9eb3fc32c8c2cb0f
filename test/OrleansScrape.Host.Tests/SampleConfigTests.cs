using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class SampleConfigTests
{
    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansScrape.sln")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return Path.Combine([directory.FullName, .. parts]);
    }

    [Fact]
    public void TwoTierSample_IsValidWithItsEnvironment()
    {
        Environment.SetEnvironmentVariable("DT_ENDPOINT", "https://example.invalid/api/v2/otlp");
        Environment.SetEnvironmentVariable("DT_API_TOKEN", "token");
        Environment.SetEnvironmentVariable("ORLEANS_ROLE", "scraper");
        Environment.SetEnvironmentVariable("ORLEANS_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true");
        Environment.SetEnvironmentVariable("POD_IP", "10.1.2.3");

        var settings = OrleansScrapeConfigReader.ReadFile(RepositoryFile("samples", "config", "two-tier.yaml"));

        Assert.Equal("scraper", settings.Orleans.Role);
        Assert.Equal(ClusteringProvider.AzureStorage, settings.Orleans.Clustering);
        Assert.Equal("10.1.2.3", settings.Orleans.AdvertisedAddress);
        Assert.Equal(2, settings.Prometheus.ScrapeConfigs.Count);
        Assert.Equal(15000, settings.ProcessorOptions<OrleansScrape.Otlp.Pipeline.BatchProcessorOptions>().Single().SendBatchMaxSize);
    }

    [Fact]
    public void EmbeddedHostSample_IsValid()
    {
        var settings = OrleansScrapeConfigReader.ReadFile(RepositoryFile("samples", "EmbeddedHost", "orleans-scrape.yaml"));
        Assert.Equal("embedded-host", Assert.Single(settings.Prometheus.ScrapeConfigs).JobName);
    }

    [Fact]
    public void KubernetesSample_IsValidWithItsEnvironment()
    {
        Environment.SetEnvironmentVariable("DT_ENDPOINT", "https://example.invalid/api/v2/otlp");
        Environment.SetEnvironmentVariable("DT_API_TOKEN", "token");
        Environment.SetEnvironmentVariable("ORLEANS_ROLE", "gateway");
        Environment.SetEnvironmentVariable("ORLEANS_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true");
        Environment.SetEnvironmentVariable("POD_IP", "10.1.2.3");
        Environment.SetEnvironmentVariable("POD_NAME", "orleans-scrape-gateway-0");

        var settings = OrleansScrapeConfigReader.ReadFile(RepositoryFile("samples", "config", "kubernetes.yaml"));

        Assert.Equal("gateway", settings.Orleans.Role);
        Assert.True(settings.Discovery.PrometheusCr?.Enabled);
        Assert.NotNull(settings.Discovery.PrometheusCr?.ServiceMonitorSelector);
        Assert.Contains(settings.Receivers, r => r.Id.Type == "otlp");
        Assert.Equal(
            ["memory_limiter", "metric_start_time", "cumulative_to_delta", "k8s_attributes", "transform"],
            settings.Pipelines.Single().Processors.Select(p => p.Id.ToString()));
    }
}
