using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// Reads an OrleansScrape configuration file: YAML in the OpenTelemetry Collector's shape
/// (<c>receivers</c>, <c>processors</c>, <c>exporters</c>, <c>service.pipelines.metrics</c>) plus an
/// <c>orleans</c> section. Anything unknown or unsupported is refused with file, line and reason.
/// </summary>
public static class OrleansScrapeConfigReader
{
    public static OrleansScrapeSettings ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, 0, $"cannot read the configuration file: {e.Message}");
        }
        return Read(text, path);
    }

    public static OrleansScrapeSettings Read(string text, string source)
    {
        var root = YamlDocument.Load(text, source);
        var receivers = root.GetMapping("receivers") ?? throw root.Error("the configuration has no receivers section");
        var processors = root.GetMapping("processors");
        var exporters = root.GetMapping("exporters") ?? throw root.Error("the configuration has no exporters section");
        var service = root.GetMapping("service") ?? throw root.Error("the configuration has no service section");
        var orleans = OrleansSectionReader.ReadOrleans(root.GetMapping("orleans"));
        var discovery = DiscoverySectionReader.Read(root.GetMapping("discovery"));
        var extensions = root.GetMapping("extensions");
        root.RejectUnknownKeys();

        var pipelines = service.GetMapping("pipelines") ?? throw service.Error("service.pipelines is required");
        var storages = ExporterConfigReaders.ReadExtensions(extensions, service.GetStringList("extensions"), service);
        service.RejectUnknownKeys();
        var metrics = pipelines.GetMapping("metrics") ?? throw pipelines.Error("service.pipelines.metrics is required");
        pipelines.RejectUnknownKeys(" (this version runs one pipeline, named metrics)");

        var receiverIds = metrics.GetStringList("receivers");
        var processorIds = metrics.GetStringList("processors");
        var exporterIds = metrics.GetStringList("exporters");
        metrics.RejectUnknownKeys();
        if (receiverIds.Count == 0)
        {
            throw metrics.Error("service.pipelines.metrics.receivers must name at least one receiver");
        }
        if (exporterIds.Count == 0)
        {
            throw metrics.Error("service.pipelines.metrics.exporters must name at least one exporter");
        }

        PrometheusConfig? prometheus = null;
        OtlpReceiver.OtlpReceiverOptions? otlp = null;
        foreach (var id in receiverIds)
        {
            var section = Component(receivers, id, metrics, "receivers");
            switch (ComponentId.Parse(id).Type)
            {
                case "prometheus":
                    if (prometheus is not null)
                    {
                        throw metrics.ErrorAt("receivers", "the metrics pipeline may name one prometheus receiver");
                    }
                    var config = section.GetMapping("config") ?? throw section.Error($"receivers.{id}.config is required: the Prometheus configuration to scrape");
                    section.RejectUnknownKeys();
                    prometheus = PrometheusConfigReader.Read(config);
                    break;
                case "otlp":
                    if (otlp is not null)
                    {
                        throw metrics.ErrorAt("receivers", "the metrics pipeline may name one otlp receiver");
                    }
                    otlp = OtlpReceiver.OtlpReceiverConfigReader.Read(section);
                    break;
                case var other:
                    throw receivers.ErrorAt(id, $"receiver type \"{other}\" is not supported (supported: prometheus, otlp)");
            }
        }
        receivers.RejectUnknownKeys(" (defined but not used by service.pipelines.metrics)");

        var processorSettings = new List<ProcessorSettings>();
        var batching = new ExportPipelineOptions();
        Processing.MemoryLimiter.MemoryLimiterOptions? memoryLimiter = null;
        foreach (var id in processorIds)
        {
            if (processors is null)
            {
                throw metrics.ErrorAt("processors", $"processor \"{id}\" is not defined: the configuration has no processors section");
            }
            var section = Component(processors, id, metrics, "processors");
            var componentId = ComponentId.Parse(id);
            switch (componentId.Type)
            {
                case "cumulativetodelta":
                    processorSettings.Add(new CumulativeToDeltaSettings(componentId, ProcessorConfigReaders.ReadCumulativeToDelta(section)));
                    break;
                case "metric_start_time":
                    processorSettings.Add(new MetricStartTimeSettings(componentId, ProcessorConfigReaders.ReadMetricStartTime(section)));
                    break;
                case "filter":
                    processorSettings.Add(new FilterSettings(componentId, ProcessorConfigReaders.ReadFilter(section)));
                    break;
                case "k8sattributes" or "k8s_attributes":
                    processorSettings.Add(new KubernetesAttributesSettings(componentId, KubernetesAttributesConfigReader.Read(section)));
                    break;
                case "transform":
                    processorSettings.Add(new TransformSettings(componentId, TransformConfigReader.Read(section)));
                    break;
                case "batch":
                    batching = ProcessorConfigReaders.ReadBatch(section);
                    break;
                case "memory_limiter":
                    memoryLimiter = ProcessorConfigReaders.ReadMemoryLimiter(section);
                    break;
                default:
                    throw processors.ErrorAt(id, $"processor type \"{componentId.Type}\" is not supported (supported: memory_limiter, metric_start_time, cumulativetodelta, filter, k8sattributes, transform, batch)");
            }
            section.RejectUnknownKeys();
        }
        processors?.RejectUnknownKeys(" (defined but not used by service.pipelines.metrics)");

        var exporterSettings = new List<ExporterSettings>();
        DeliverySettings? delivery = null;
        foreach (var id in exporterIds)
        {
            var section = Component(exporters, id, metrics, "exporters");
            var componentId = ComponentId.Parse(id);
            exporterSettings.Add(componentId.Type switch
            {
                "otlphttp" => new OtlpHttpExporterSettings(componentId, ExporterConfigReaders.ReadOtlpHttp(section)),
                "otlp" => new OtlpGrpcExporterSettings(componentId, ExporterConfigReaders.ReadOtlpGrpc(section)),
                "file" => new FileExporterSettings(componentId, ExporterConfigReaders.ReadFile(section)),
                "debug" => ExporterConfigReaders.ReadDebug(section, componentId),
                _ => throw exporters.ErrorAt(id, $"exporter type \"{componentId.Type}\" is not supported (supported: otlphttp, otlp, file, debug)"),
            });
            if (componentId.Type is "otlphttp" or "otlp" or "file")
            {
                // The pipeline's one queue serves all its exporters, so they must agree on how it behaves.
                var own = ExporterConfigReaders.ReadDelivery(section);
                if (delivery is not null && own != delivery)
                {
                    throw section.Error($"exporters.{id}: retry_on_failure and sending_queue must be the same for every exporter of the pipeline in this version");
                }
                delivery = own;
            }
            section.RejectUnknownKeys();
        }
        // A backend's point limit caps the pipeline's requests.
        var limits = exporterSettings.OfType<OtlpHttpExporterSettings>().Select(e => e.Options.Limits)
            .Concat(exporterSettings.OfType<OtlpGrpcExporterSettings>().Select(e => e.Options.Limits));
        foreach (var limit in limits.Select(l => l.MaxPointsPerRequest).Where(l => l > 0))
        {
            batching.MaxPointsPerRequest = Math.Min(batching.MaxPointsPerRequest, limit);
        }
        if (delivery is { } chosen)
        {
            batching.Consumers = chosen.Consumers;
            batching.QueueCapacity = chosen.QueueSize;
            batching.RetryInitialInterval = chosen.InitialInterval;
            batching.RetryMaxInterval = chosen.MaxInterval;
            batching.RetryMaxElapsedTime = chosen.Retry ? chosen.MaxElapsedTime : TimeSpan.Zero;
            batching.RetryMultiplier = chosen.Multiplier;
            batching.RetryRandomizationFactor = chosen.RandomizationFactor;
            batching.PersistentQueue = ExporterConfigReaders.ResolveStorage(chosen, storages, exporters);
            var problems = batching.Validate();
            if (problems.Count > 0)
            {
                throw exporters.Error($"exporters: {string.Join(" ", problems)}");
            }
        }
        exporters.RejectUnknownKeys(" (defined but not used by service.pipelines.metrics)");

        return new OrleansScrapeSettings
        {
            Source = source,
            // A gateway that only receives OTLP scrapes nothing: an empty Prometheus configuration.
            Prometheus = prometheus ?? new PrometheusConfig(),
            OtlpReceiver = otlp,
            MemoryLimiter = memoryLimiter,
            Processors = processorSettings,
            Batching = batching,
            Exporters = exporterSettings,
            Orleans = orleans,
            Discovery = discovery,
            Warnings = root.Warnings.All,
        };
    }

    private static YamlMappingReader Component(YamlMappingReader section, string id, YamlMappingReader pipeline, string kind)
    {
        if (!section.Has(id))
        {
            throw pipeline.ErrorAt(kind, $"service.pipelines.metrics.{kind} names \"{id}\", which is not defined under {kind}");
        }
        return section.GetMapping(id)!;
    }

}
