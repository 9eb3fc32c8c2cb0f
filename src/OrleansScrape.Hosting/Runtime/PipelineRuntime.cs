using Microsoft.Extensions.Logging;
using OrleansScrape.Grains.Series;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Hosting.Extensions.FileStorage;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Processing;
using OrleansScrape.Processing.Batching;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// The configured pipelines of one silo as they run: per pipeline its processor chain (made once per
/// series grain) and its delivery (batching, then fan-out to its exporters).
/// </summary>
internal sealed class PipelineRuntime : Extensions.HealthCheck.IPipelineHealth
{
    private volatile bool _running;

    private readonly List<ExportPipeline> _deliveries;

    private PipelineRuntime(SeriesPipelines pipelines, List<ExportPipeline> deliveries)
    {
        SeriesPipelines = pipelines;
        _deliveries = deliveries;
    }

    public SeriesPipelines SeriesPipelines { get; }

    public IReadOnlyList<ExportPipeline> Deliveries => _deliveries;

    /// <summary>Points the exporters of every pipeline took, summed.</summary>
    public long SentPoints => _deliveries.Sum(d => d.SentPoints);

    public static PipelineRuntime Build(OrleansScrapeSettings settings, ProcessorServices processors, Func<ExporterSettingsLike, IMetricsExporter> createExporter, ILoggerFactory logs)
    {
        var deliveries = new List<ExportPipeline>();
        var pipelines = new List<SeriesPipeline>();
        foreach (var pipeline in settings.Pipelines)
        {
            var chain = new ProcessorChainFactory(pipeline.Processors
                .Select(p => (p.Id.ToString(), (Func<IMetricsProcessor>)(() => ((IProcessorFactory)p.Factory).Create(p.Id, p.Options, processors))))
                .ToList());
            var options = BatchingOf(pipeline, settings);
            options.Name = pipeline.Name;
            var exporters = pipeline.Exporters.Select(e => createExporter(new ExporterSettingsLike(e))).ToList();
            var delivery = new ExportPipeline(exporters, options, logs.CreateLogger<ExportPipeline>());
            deliveries.Add(delivery);
            pipelines.Add(new SeriesPipeline(pipeline.Name, chain, delivery));
        }
        var byJob = settings.JobReceivers.ToDictionary(j => j.Key, j => settings.PipelinesOf(j.Value));
        var firstPrometheus = settings.Receivers.FirstOrDefault(r => r.Options is Prometheus.Receiver.PrometheusReceiverOptions);
        IReadOnlyList<string>? otherJobs = firstPrometheus is null ? null : settings.PipelinesOf(firstPrometheus.Id);
        return new PipelineRuntime(new SeriesPipelines(pipelines, byJob, otherJobs), deliveries);
    }

    // Interim: one queue per pipeline; every exporter of the pipeline shares its delivery settings.
    private static ExportPipelineOptions BatchingOf(PipelineConfig pipeline, OrleansScrapeSettings settings)
    {
        var options = new ExportPipelineOptions();
        if (pipeline.Processors.Select(p => p.Options).OfType<BatchOptions>().FirstOrDefault() is { } batch)
        {
            options.MaxPointsPerRequest = batch.SendBatchMaxSize > 0 ? batch.SendBatchMaxSize : Math.Max(1, batch.SendBatchSize);
            options.FlushInterval = batch.Timeout;
        }
        foreach (var exporter in pipeline.Exporters)
        {
            var interim = exporter.OptionsAs<InterimExporterOptions>();
            var delivery = interim.Delivery;
            options.Consumers = delivery.Consumers;
            options.QueueCapacity = delivery.QueueSize;
            options.RetryInitialInterval = delivery.InitialInterval;
            options.RetryMaxInterval = delivery.MaxInterval;
            options.RetryMaxElapsedTime = delivery.Retry ? delivery.MaxElapsedTime : TimeSpan.Zero;
            options.RetryMultiplier = delivery.Multiplier;
            options.RetryRandomizationFactor = delivery.RandomizationFactor;
            if (delivery.Storage is { } id && settings.Extensions.FirstOrDefault(e => e.Id.ToString() == id) is { Options: FileStorageOptions storage })
            {
                options.PersistentQueue = new PersistentQueueOptions { Directory = storage.Directory, CreateDirectory = storage.CreateDirectory, Fsync = storage.Fsync };
            }
            var limit = interim.Options switch
            {
                Otlp.Exporters.OtlpHttp.OtlpHttpExporterOptions h => h.Limits.MaxPointsPerRequest,
                Otlp.Exporters.OtlpGrpc.OtlpGrpcExporterOptions g => g.Limits.MaxPointsPerRequest,
                _ => 0,
            };
            if (limit > 0)
            {
                options.MaxPointsPerRequest = Math.Min(options.MaxPointsPerRequest, limit);
            }
        }
        return options;
    }

    /// <summary>Between <see cref="Start"/> and the beginning of <see cref="StopAsync"/>: what health_check reports.</summary>
    public bool IsRunning => _running;

    public void Start()
    {
        foreach (var delivery in _deliveries)
        {
            delivery.Start();
        }
        _running = true;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        return Task.WhenAll(_deliveries.Select(d => d.StopAsync(cancellationToken)));
    }
}

internal sealed record ExporterSettingsLike(ComponentConfig Exporter);
