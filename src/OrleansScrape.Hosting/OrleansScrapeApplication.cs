using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Hosting;

/// <summary>Builds the web application that hosts one OrleansScrape silo, as the executable runs it.</summary>
public static class OrleansScrapeApplication
{
    public static WebApplication Create(OrleansScrapeSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        var orleans = settings.Orleans;
        builder.WebHost.UseUrls($"http://{FormatHost(orleans.HttpAddress)}:{orleans.HttpPort}");
        // Orleans dumps its options, its placement retries log through Polly and the HTTP client logs every
        // scrape at Information; keep the console for OrleansScrape's own messages unless the user sets a
        // level (e.g. Logging__LogLevel__Orleans=Information).
        foreach (var category in new[] { "Orleans", "Polly", "Microsoft.AspNetCore", "System.Net.Http.HttpClient" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }
        Telemetry.SelfTelemetry.ConfigureLogging(builder.Logging, settings.Telemetry);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = orleans.ClusterId;
                o.ServiceId = orleans.ServiceId;
            });
            if (orleans.SiloName is { Length: > 0 } name)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = name);
            }

            switch (orleans.Clustering)
            {
                case ClusteringProvider.Localhost:
                    silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
                    break;
                case ClusteringProvider.AzureStorage or ClusteringProvider.Kubernetes:
                    if (orleans.Clustering == ClusteringProvider.Kubernetes)
                    {
                        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Orleans.IMembershipTable>(silo.Services, _ => Clustering.KubernetesClustering.CreateTable(orleans));
                    }
                    else
                    {
                        silo.UseAzureStorageClustering(o => o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(orleans.ClusteringConnectionString));
                    }
                    silo.ConfigureEndpoints(
                        orleans.AdvertisedAddress is { Length: > 0 } advertised ? System.Net.IPAddress.Parse(advertised) : System.Net.IPAddress.Loopback,
                        orleans.SiloPort,
                        orleans.GatewayPort,
                        listenOnAnyHostAddress: orleans.ListenOnAllAddresses);
                    break;
            }

            switch (orleans.Storage)
            {
                case GrainStorageProvider.Memory:
                    silo.AddMemoryGrainStorageAsDefault();
                    silo.AddMemoryGrainStorage(Grains.Series.SeriesStorage.ProviderName);
                    silo.AddMemoryGrainStorage(Grains.Discovery.DiscoveryStorage.ProviderName);
                    break;
                case GrainStorageProvider.AzureStorage:
                    silo.AddAzureTableGrainStorageAsDefault(o => o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(orleans.StorageConnectionString));
                    // Series checkpoints can outgrow a table entity: they go to blobs.
                    silo.AddAzureBlobGrainStorage(Grains.Series.SeriesStorage.ProviderName, o => o.BlobServiceClient = new Azure.Storage.Blobs.BlobServiceClient(orleans.StorageConnectionString));
                    silo.AddAzureBlobGrainStorage(Grains.Discovery.DiscoveryStorage.ProviderName, o => o.BlobServiceClient = new Azure.Storage.Blobs.BlobServiceClient(orleans.StorageConnectionString));
                    break;
            }

            silo.AddOrleansScrape(settings);
        });

        var app = builder.Build();
        app.MapOrleansScrape();
        return app;
    }

    private static string FormatHost(string address) =>
        address.Contains(':') && !address.StartsWith('[') ? $"[{address}]" : address;
}
