using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansScrape.Prometheus.Scraping;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Grains.Series;
using OrleansScrape.Hosting.Configuration;
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

        // Pods the k8sattributes processor looks up; fed on gateway silos by a pod watcher and by discovery.
        services.AddSingleton<Processing.KubernetesAttributes.PodMetadataIndex>();
        services.AddSingleton(provider => new ProcessorChainFactory(settings.Processors
            .Select(p => CreateProcessorFactory(p, provider.GetRequiredService<Processing.KubernetesAttributes.PodMetadataIndex>())).ToList()));
        services.AddSingleton(provider =>
        {
            var http = provider.GetRequiredService<IHttpClientFactory>();
            var exporters = settings.Exporters.Select(e => CreateExporter(e, http)).ToList();
            return new ExportPipeline(exporters, settings.Batching, provider.GetRequiredService<ILoggerFactory>().CreateLogger<ExportPipeline>());
        });
        services.AddHostedService<ExportPipelineService>();
        services.AddHostedService<PodIndexService>();

        services.AddSingleton<SeriesStateRegistry>();
        services.AddSingleton(SeriesOptionsOf(settings));
        services.AddSingleton<SeriesRouter>();
        if (settings.MemoryLimiter is { } memoryLimiter)
        {
            services.AddSingleton(new Processing.MemoryLimiter.MemoryLimiter(memoryLimiter));
        }
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

        if (settings.OtlpReceiver is { } receiver)
        {
            silo.AddOtlpReceiver(receiver);
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansScrapeMeter.MeterName, "Microsoft.Orleans")
            .AddPrometheusExporter());
        return silo;
    }

    // Series state outlives its staleness nowhere: the grain's time-to-live is cumulativetodelta's max_staleness (0, never, wins).
    private static SeriesOptions SeriesOptionsOf(OrleansScrapeSettings settings)
    {
        var stalenesses = settings.Processors.OfType<CumulativeToDeltaSettings>().Select(c => c.Options.MaxStaleness).ToList();
        var ttl = stalenesses.Count == 0 || stalenesses.Any(s => s <= TimeSpan.Zero) ? TimeSpan.Zero : stalenesses.Max();
        return settings.Orleans.Series with { StateTtl = ttl };
    }

    private static Func<IMetricsProcessor> CreateProcessorFactory(ProcessorSettings settings, Processing.KubernetesAttributes.IPodMetadataSource pods) => settings switch
    {
        CumulativeToDeltaSettings c => () => new CumulativeToDeltaProcessor(c.Options),
        MetricStartTimeSettings m => () => new Processing.MetricStartTime.MetricStartTimeProcessor(m.Options),
        FilterSettings f => () => new Processing.Filter.FilterProcessor(f.Options),
        KubernetesAttributesSettings k => () => new Processing.KubernetesAttributes.KubernetesAttributesProcessor(k.Options, pods),
        TransformSettings t => () => new Processing.Transform.TransformProcessor(t.Options),
        _ => throw new ArgumentException($"Unknown processor settings {settings.GetType().Name}", nameof(settings)),
    };

    private static IMetricsExporter CreateExporter(ExporterSettings settings, IHttpClientFactory http) => settings switch
    {
        OtlpHttpExporterSettings o => new OtlpHttpExporter(o.Id.ToString(), o.Options, http.CreateClient(ExportHttpClient)),
        DebugExporterSettings d => new DebugExporter(d.Id.ToString(), Console.Out),
        OtlpGrpcExporterSettings g => new Otlp.Exporters.OtlpGrpc.OtlpGrpcExporter(g.Id.ToString(), g.Options),
        FileExporterSettings f => new Otlp.Exporters.File.FileExporter(f.Id.ToString(), f.Options),
        _ => throw new ArgumentException($"Unknown exporter settings {settings.GetType().Name}", nameof(settings)),
    };
}
