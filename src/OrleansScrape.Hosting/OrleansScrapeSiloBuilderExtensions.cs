using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansScrape.Prometheus.Scraping;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Series;
using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Hosting.Extensions.HealthCheck;
using OrleansScrape.Hosting.Telemetry;
using OrleansScrape.Hosting.OtlpReceiver;
using OrleansScrape.Hosting.Runtime;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Debug;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Telemetry;
using OrleansScrape.Processing;
using OrleansScrape.Processing.CumulativeToDelta;

namespace OrleansScrape.Hosting;

public static class OrleansScrapeSiloBuilderExtensions
{
    private const string ExportHttpClient = "orleans-scrape.export";

    /// <summary>
    /// Adds OrleansScrape to a silo: its role, the role placement directors, the grains' services,
    /// the export pipeline, discovery upkeep, self-monitoring meters and the Orleans dashboard.
    /// Pair with <see cref="OrleansScrapeEndpointExtensions.MapOrleansScrape"/> on the web application.
    /// </summary>
    public static ISiloBuilder AddOrleansScrape(this ISiloBuilder silo, OrleansScrapeSettings settings)
    {
        var metadata = new Dictionary<string, string> { [SiloRole.MetadataKey] = settings.Orleans.Role };
        if (SiloNode.FromEnvironment() is { } node)
        {
            metadata[SiloNode.MetadataKey] = node; // per-node allocation
        }
        silo.UseSiloMetadata(metadata);
        silo.AddPlacementDirector<ScraperPlacementStrategy, ScraperPlacementDirector>();
        silo.AddPlacementDirector<GatewayPlacementStrategy, GatewayPlacementDirector>();
        silo.AddDashboard();

        var services = silo.Services;
        services.AddSingleton(settings);
        services.AddSingleton(settings.Prometheus);

        services.AddSingleton<ScrapeHttpClients>();
        services.AddSingleton<Grains.ScrapeConfigs.ScrapeConfigCatalog>();
        services.AddSingleton<Kubernetes.Discovery.KubernetesWatchPool>(_ => new Kubernetes.Discovery.KubernetesWatchPool());
        services.AddSingleton(provider => new Grains.Discovery.DiscoverySources(
            settings.Prometheus,
            provider.GetRequiredService<ScrapeHttpClients>(),
            provider.GetRequiredService<Kubernetes.Discovery.KubernetesWatchPool>(),
            Runtime.CustomResourceDiscoveryFactory.For(settings.Discovery, provider),
            settings.Discovery.Shards));
        services.AddHttpClient(ExportHttpClient)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        // Pods the k8s_attributes processor looks up; fed on gateway silos by a pod watcher and by discovery.
        services.AddSingleton<Processing.KubernetesAttributes.PodMetadataIndex>();
        services.AddSingleton(provider => new ProcessorServices(provider.GetRequiredService<Processing.KubernetesAttributes.PodMetadataIndex>()));
        services.AddSingleton(provider =>
        {
            var http = provider.GetRequiredService<IHttpClientFactory>();
            return PipelineRuntime.Build(settings, provider.GetRequiredService<ProcessorServices>(), new ExporterServices
            {
                HttpClient = () => http.CreateClient(ExportHttpClient),
                LoggerFactory = provider.GetRequiredService<ILoggerFactory>(),
                Services = provider,
            });
        });
        services.AddSingleton(provider => provider.GetRequiredService<PipelineRuntime>().SeriesPipelines);
        services.AddHostedService<StartupReport>();
        services.AddHostedService<PipelineRuntimeService>();
        services.AddHostedService<PodIndexService>();

        services.AddSingleton<SeriesStateRegistry>();
        services.AddSingleton(SeriesOptionsOf(settings));
        services.AddSingleton<SeriesRouter>();
        // Series checkpoints need a storage provider; a host that configured none gets memory storage,
        // which survives the death of a silo that does not hold the storage grain, but not a cluster restart.
        if (!services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, SeriesStorage.ProviderName) && d.ServiceType == typeof(Orleans.Storage.IGrainStorage)))
        {
            silo.AddMemoryGrainStorage(SeriesStorage.ProviderName);
        }
        if (!services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, Grains.Discovery.DiscoveryStorage.ProviderName) && d.ServiceType == typeof(Orleans.Storage.IGrainStorage)))
        {
            silo.AddMemoryGrainStorage(Grains.Discovery.DiscoveryStorage.ProviderName);
        }
        services.AddSingleton(new Grains.Allocation.AllocationSettings { Strategy = settings.Discovery.AllocationStrategy });
        services.AddSingleton<ScrapeReadiness>();
        services.AddHostedService<DiscoveryKeeper>();

        foreach (var receiver in settings.Receivers.Where(r => r.Options is OtlpReceiverOptions))
        {
            silo.AddOtlpReceiver(receiver.Id.ToString(), receiver.OptionsAs<OtlpReceiverOptions>(), settings.PipelinesOf(receiver.Id));
        }

        services.AddServiceTelemetry(settings.Telemetry, settings.Orleans.SiloName);
        foreach (var extension in settings.Extensions.Where(e => e.Options is HealthCheckOptions))
        {
            services.AddHealthCheckExtension(extension.Id.ToString(), extension.OptionsAs<HealthCheckOptions>());
        }
        services.AddSingleton<IPipelineHealth>(provider => provider.GetRequiredService<PipelineRuntime>());
        return silo;
    }

    // Series state outlives its staleness nowhere: the grain's time-to-live is cumulative_to_delta's max_staleness (0, never, wins).
    private static SeriesOptions SeriesOptionsOf(OrleansScrapeSettings settings)
    {
        var stalenesses = settings.ProcessorOptions<CumulativeToDeltaOptions>().Select(c => c.MaxStaleness).ToList();
        var ttl = stalenesses.Count == 0 || stalenesses.Any(s => s <= TimeSpan.Zero) ? TimeSpan.Zero : stalenesses.Max();
        return settings.Orleans.Series with { StateTtl = ttl };
    }

}
