using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Receiver;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// Reads an OrleansScrape configuration file: YAML in the OpenTelemetry Collector's shape
/// (<c>receivers</c>, <c>processors</c>, <c>exporters</c>, <c>extensions</c>, <c>service</c>) plus the
/// <c>discovery</c> and <c>orleans</c> sections. Component sections are read by the factories of
/// <see cref="OrleansScrapeComponents.Registry"/>; what is unknown or invalid is refused with file,
/// line and reason, what has no effect is reported as a warning.
/// </summary>
public static class OrleansScrapeConfigReader
{
    private static readonly ComponentKind[] Kinds = [ComponentKind.Receiver, ComponentKind.Processor, ComponentKind.Exporter, ComponentKind.Extension];

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

    public static OrleansScrapeSettings Read(string text, string source) => Read(text, source, OrleansScrapeComponents.Registry);

    public static OrleansScrapeSettings Read(string text, string source, ComponentRegistry registry)
    {
        var root = YamlDocument.Load(text, source);
        var sections = Kinds.ToDictionary(kind => kind, kind => root.GetMapping(kind.Section()));
        var service = root.GetMapping("service") ?? throw root.Error("the configuration has no service section");
        var orleans = OrleansSectionReader.ReadOrleans(root.GetMapping("orleans"));
        var discovery = DiscoverySectionReader.Read(root.GetMapping("discovery"));
        root.RejectUnknownKeys();

        var components = new ComponentTable(registry, sections);
        var extensions = service.GetStringList("extensions").Select(id => components.Get(ComponentKind.Extension, id, service, "extensions")).ToList();
        var pipelines = ReadPipelines(service, components);
        var telemetry = service.GetMapping("telemetry") is { } section ? Telemetry.ServiceTelemetryReader.Read(section) : new Telemetry.ServiceTelemetryOptions();
        service.RejectUnknownKeys();
        components.WarnUnused(root);

        var exporters = Distinct(pipelines.SelectMany(p => p.Exporters));
        foreach (var exporter in exporters)
        {
            if (QueueStorage.IdOf(exporter) is { } storage && !extensions.Any(e => e.Id.ToString() == storage && e.Options is Extensions.FileStorage.FileStorageOptions))
            {
                throw components.ErrorAt(exporter, $"exporters.{exporter.Id}: sending_queue.storage names \"{storage}\", which is not a file_storage extension named by service.extensions (the persistent queue's directory)");
            }
        }
        WarnAboutHandOffs(pipelines, root);
        var receivers = Distinct(pipelines.SelectMany(p => p.Receivers));
        var (prometheus, jobReceivers) = MergePrometheus(receivers, components);
        if (discovery.AllocatorJobs is { } allocatorJobs)
        {
            prometheus = prometheus with { ScrapeConfigs = [.. prometheus.ScrapeConfigs, .. allocatorJobs.ScrapeConfigs] };
            if (prometheus.ScrapeConfigs.GroupBy(j => j.JobName).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw root.GetMapping("discovery")!.ErrorAt("config", $"discovery.config.scrape_configs: job_name \"{twice.Key}\" is also a job of a prometheus receiver: job names must be unique");
            }
        }
        return new OrleansScrapeSettings
        {
            Source = source,
            Receivers = receivers,
            Exporters = exporters,
            Extensions = extensions,
            Pipelines = pipelines,
            Prometheus = prometheus,
            JobReceivers = jobReceivers,
            Telemetry = telemetry,
            Orleans = orleans,
            Discovery = discovery,
            Warnings = root.Warnings.All,
        };
    }

    /// <summary>
    /// <c>service.pipelines</c>: <c>metrics</c> and <c>metrics/NAME</c>, each with receivers and exporters
    /// (at least one of each) and processors in order. Other signals are refused: OrleansScrape carries metrics.
    /// </summary>
    private static List<PipelineConfig> ReadPipelines(YamlMappingReader service, ComponentTable components)
    {
        var section = service.GetMapping("pipelines") ?? throw service.Error("service.pipelines is required");
        var pipelines = new List<PipelineConfig>();
        foreach (var name in section.Keys.ToList())
        {
            var id = ComponentId.Parse(name);
            if (id.Type != "metrics")
            {
                throw section.ErrorAt(name, $"pipeline \"{name}\": OrleansScrape carries metrics only (pipelines are metrics or metrics/NAME)");
            }
            if (ComponentId.Problem(name) is { } problem)
            {
                throw section.ErrorAt(name, $"pipeline \"{name}\": {problem}");
            }
            var pipeline = section.GetMapping(name) ?? throw section.ErrorAt(name, $"service.pipelines.{name} must be a mapping");
            var receivers = pipeline.GetStringList("receivers");
            var processors = pipeline.GetStringList("processors");
            var exporters = pipeline.GetStringList("exporters");
            pipeline.RejectUnknownKeys();
            if (receivers.Count == 0)
            {
                throw pipeline.Error($"{pipeline.Path}.receivers must name at least one receiver");
            }
            if (exporters.Count == 0)
            {
                throw pipeline.Error($"{pipeline.Path}.exporters must name at least one exporter");
            }
            pipelines.Add(new PipelineConfig(
                name,
                Unique(receivers, pipeline, "receivers").Select(r => components.Get(ComponentKind.Receiver, r, pipeline, "receivers")).ToList(),
                processors.Select(p => components.Get(ComponentKind.Processor, p, pipeline, "processors")).ToList(),
                Unique(exporters, pipeline, "exporters").Select(e => components.Get(ComponentKind.Exporter, e, pipeline, "exporters")).ToList()));
        }
        if (pipelines.Count == 0)
        {
            throw section.Error("service.pipelines must define a metrics pipeline");
        }
        return pipelines;
    }

    private static IReadOnlyList<string> Unique(IReadOnlyList<string> ids, YamlMappingReader pipeline, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw pipeline.ErrorAt(key, $"{pipeline.Qualified(key)} names \"{id}\" twice");
            }
        }
        return ids;
    }

    /// <summary>
    /// The scrape configs of every prometheus receiver a pipeline uses, as one Prometheus
    /// configuration (the cluster's discovery runs them all), and which receiver each job belongs to.
    /// </summary>
    private static (PrometheusConfig Config, IReadOnlyDictionary<string, ComponentId> JobReceivers) MergePrometheus(IReadOnlyList<ComponentConfig> receivers, ComponentTable components)
    {
        var jobs = new Dictionary<string, ComponentId>(StringComparer.Ordinal);
        var scrapeConfigs = new List<ScrapeConfig>();
        GlobalConfig? global = null;
        foreach (var receiver in receivers.Where(r => r.Options is PrometheusReceiverOptions))
        {
            var config = receiver.OptionsAs<PrometheusReceiverOptions>().Config;
            global ??= config.Global;
            foreach (var job in config.ScrapeConfigs)
            {
                if (!jobs.TryAdd(job.JobName, receiver.Id))
                {
                    throw components.ErrorAt(receiver,
                        $"job_name \"{job.JobName}\" is used by receivers {jobs[job.JobName]} and {receiver.Id}: job names must be unique across prometheus receivers");
                }
                scrapeConfigs.Add(job);
            }
        }
        return (new PrometheusConfig { Global = global ?? new GlobalConfig(), ScrapeConfigs = scrapeConfigs }, jobs);
    }

    // A scraper tier's configuration alone: its hand-off has no gateway pipeline here, which is right on scraper silos only.
    private static void WarnAboutHandOffs(IReadOnlyList<PipelineConfig> pipelines, YamlMappingReader root)
    {
        if (pipelines.Any(p => p.Exporters.Any(e => e.Factory is Exporters.LoadBalancing.LoadBalancingExporterFactory))
            && Exporters.LoadBalancing.LoadBalancingExporterFactory.GatewayPipelines(pipelines).Count == 0)
        {
            root.Warn("load_balancing: no pipeline of this configuration receives OTLP, so this is a scraper tier's configuration: on scraper silos the scrapes go to the gateway silos' pipeline of the same name; on a gateway or all silo load_balancing has nothing to hand its data to");
        }
    }

    private static IReadOnlyList<ComponentConfig> Distinct(IEnumerable<ComponentConfig> components) =>
        components.DistinctBy(c => c.Id).ToList();
}
