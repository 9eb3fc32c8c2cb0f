using Microsoft.Extensions.Logging;
using OrleansScrape.Grains.Series;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Processing;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// The configured pipelines of one silo as they run: per exporter one sender chain (its sending
/// queue, retries, shaping and transport), shared by every pipeline that names it; per pipeline its
/// processor chain (made once per series grain) and its delivery (batching, then fan-out to its
/// exporters' senders).
/// </summary>
internal sealed class PipelineRuntime : Extensions.HealthCheck.IPipelineHealth
{
    private readonly IReadOnlyList<ExporterSender> _senders;
    private readonly IReadOnlyList<MetricsPipeline> _deliveries;
    private volatile bool _running;

    private PipelineRuntime(SeriesPipelines pipelines, IReadOnlyList<ExporterSender> senders, IReadOnlyList<MetricsPipeline> deliveries)
    {
        SeriesPipelines = pipelines;
        _senders = senders;
        _deliveries = deliveries;
    }

    public SeriesPipelines SeriesPipelines { get; }

    public IReadOnlyList<ExporterSender> Senders => _senders;

    /// <summary>Whether any exporter keeps its queue on disk (a stop then drains only briefly).</summary>
    public bool IsPersistent => _senders.Any(s => s.IsPersistent);

    /// <summary>Points the exporters took, summed over exporters.</summary>
    public long SentPoints => _senders.Sum(s => s.SentPoints);

    /// <summary>Between <see cref="Start"/> and the beginning of <see cref="StopAsync"/>: what health_check reports.</summary>
    public bool IsRunning => _running;

    public static PipelineRuntime Build(OrleansScrapeSettings settings, ProcessorServices processors, ExporterServices exporters)
    {
        var senders = settings.Exporters.ToDictionary(e => e.Id, e => ExporterSender.Create(
            (IExporterFactory)e.Factory, e.Id.ToString(), e.Options, exporters, StorageOf(settings, e)));
        var deliveries = new List<MetricsPipeline>();
        var pipelines = new List<SeriesPipeline>();
        var logger = exporters.LoggerFactory.CreateLogger<MetricsPipeline>();
        foreach (var pipeline in settings.Pipelines)
        {
            var chain = new ProcessorChainFactory(pipeline.Processors
                .Select(p => (p.Id.ToString(), (Func<IMetricsProcessor>)(() => ((IProcessorFactory)p.Factory).Create(p.Id, p.Options, processors))))
                .ToList());
            var batching = pipeline.Processors.Select(p => p.Options).OfType<BatchProcessorOptions>().FirstOrDefault();
            var delivery = new MetricsPipeline(pipeline.Name, pipeline.Exporters.Select(e => senders[e.Id]), batching, logger, exporters.Clock);
            deliveries.Add(delivery);
            pipelines.Add(new SeriesPipeline(pipeline.Name, chain, delivery));
        }
        var byJob = settings.JobReceivers.ToDictionary(j => j.Key, j => settings.PipelinesOf(j.Value));
        var firstPrometheus = settings.Receivers.FirstOrDefault(r => r.Options is Prometheus.Receiver.PrometheusReceiverOptions);
        var otherJobs = firstPrometheus is null ? null : settings.PipelinesOf(firstPrometheus.Id);
        return new PipelineRuntime(new SeriesPipelines(pipelines, byJob, otherJobs), senders.Values.ToList(), deliveries);
    }

    private static PersistentQueueOptions? StorageOf(OrleansScrapeSettings settings, ComponentConfig exporter) =>
        QueueStorage.Of(settings, exporter) is { } storage
            ? new PersistentQueueOptions { Directory = storage.Directory, CreateDirectory = storage.CreateDirectory, Fsync = storage.Fsync }
            : null;

    public void Start()
    {
        foreach (var sender in _senders)
        {
            sender.Start();
        }
        foreach (var delivery in _deliveries)
        {
            delivery.Start();
        }
        _running = true;
    }

    /// <summary>The pipelines hand on what they batched, then each exporter drains its queue (dropping what is left when cancelled).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        await Task.WhenAll(_deliveries.Select(d => d.StopAsync(cancellationToken)));
        await Task.WhenAll(_senders.Select(s => s.StopAsync(cancellationToken)));
    }
}
