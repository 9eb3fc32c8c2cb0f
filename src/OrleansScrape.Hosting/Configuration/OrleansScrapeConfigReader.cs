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
        var orleans = ReadOrleans(root.GetMapping("orleans"));
        root.RejectUnknownKeys();

        var pipelines = service.GetMapping("pipelines") ?? throw service.Error("service.pipelines is required");
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
        foreach (var id in receiverIds)
        {
            var section = Component(receivers, id, metrics, "receivers");
            if (ComponentId.Parse(id).Type != "prometheus")
            {
                throw receivers.ErrorAt(id, $"receiver type \"{ComponentId.Parse(id).Type}\" is not supported (supported: prometheus)");
            }
            if (prometheus is not null)
            {
                throw metrics.ErrorAt("receivers", "the metrics pipeline may name one prometheus receiver");
            }
            var config = section.GetMapping("config") ?? throw section.Error($"receivers.{id}.config is required: the Prometheus configuration to scrape");
            section.RejectUnknownKeys();
            prometheus = PrometheusConfigReader.Read(config);
        }
        receivers.RejectUnknownKeys(" (defined but not used by service.pipelines.metrics)");

        var processorSettings = new List<ProcessorSettings>();
        var batching = new ExportPipelineOptions();
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
                    processorSettings.Add(new CumulativeToDeltaSettings(componentId, ReadCumulativeToDelta(section)));
                    break;
                case "batch":
                    batching = ReadBatch(section);
                    break;
                default:
                    throw processors.ErrorAt(id, $"processor type \"{componentId.Type}\" is not supported (supported: cumulativetodelta, batch)");
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
                "otlphttp" => new OtlpHttpExporterSettings(componentId, ReadOtlpHttp(section)),
                "otlp" => new OtlpGrpcExporterSettings(componentId, ReadOtlpGrpc(section)),
                "file" => new FileExporterSettings(componentId, ReadFile(section)),
                "debug" => ReadDebug(section, componentId),
                _ => throw exporters.ErrorAt(id, $"exporter type \"{componentId.Type}\" is not supported (supported: otlphttp, otlp, file, debug)"),
            });
            if (componentId.Type is "otlphttp" or "otlp" or "file")
            {
                // The pipeline's one queue serves all its exporters, so they must agree on how it behaves.
                var own = ReadDelivery(section);
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
            Prometheus = prometheus!,
            Processors = processorSettings,
            Batching = batching,
            Exporters = exporterSettings,
            Orleans = orleans,
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

    private static CumulativeToDeltaOptions ReadCumulativeToDelta(YamlMappingReader section)
    {
        foreach (var key in new[] { "include", "exclude" })
        {
            if (section.Has(key))
            {
                throw section.ErrorAt(key, $"{section.Qualified(key)} is not supported yet: every monotonic sum is converted");
            }
        }
        var defaults = new CumulativeToDeltaOptions();
        var initial = section.GetString("initial_value");
        var options = new CumulativeToDeltaOptions
        {
            MaxStaleness = GoDuration.Read(section, "max_staleness") ?? defaults.MaxStaleness,
            InitialValue = initial switch
            {
                null or "auto" => InitialValueMode.Auto,
                "keep" => InitialValueMode.Keep,
                "drop" => InitialValueMode.Drop,
                _ => throw section.ErrorAt("initial_value", $"initial_value \"{initial}\" must be auto, keep or drop"),
            },
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join("; ", problems)}");
        }
        return options;
    }

    private static ExportPipelineOptions ReadBatch(YamlMappingReader section)
    {
        var options = new ExportPipelineOptions();
        var size = section.GetInt("send_batch_size");
        var maxSize = section.GetInt("send_batch_max_size");
        var timeout = GoDuration.Read(section, "timeout");
        // The export pipeline sends one request per filled batch, so the larger of the two sizes bounds a request.
        if (maxSize is > 0)
        {
            options.MaxPointsPerRequest = maxSize.Value;
        }
        else if (size is > 0)
        {
            options.MaxPointsPerRequest = size.Value;
        }
        if (timeout is { } flush)
        {
            options.FlushInterval = flush;
        }
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join("; ", problems)}");
        }
        return options;
    }

    private static OtlpHttpExporterOptions ReadOtlpHttp(YamlMappingReader section)
    {
        foreach (var key in new[] { "encoding", "tls", "metrics_endpoint" })
        {
            if (section.Has(key))
            {
                throw section.ErrorAt(key, $"{section.Qualified(key)} is not supported yet");
            }
        }
        var endpoint = section.GetRequiredString("endpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw section.ErrorAt("endpoint", $"endpoint \"{endpoint}\" is not an absolute URL");
        }
        var compression = section.GetString("compression");
        var options = new OtlpHttpExporterOptions
        {
            Endpoint = uri,
            Headers = section.GetStringMap("headers"),
            Compression = compression switch
            {
                null or "gzip" => OtlpCompression.Gzip,
                "none" or "" => OtlpCompression.None,
                _ => throw section.ErrorAt("compression", $"compression \"{compression}\" must be gzip or none"),
            },
            Timeout = GoDuration.Read(section, "timeout") ?? TimeSpan.FromSeconds(30),
            Limits = ReadLimits(section),
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join("; ", problems)}");
        }
        return options;
    }

    /// <summary>
    /// OrleansScrape's backend limits of an otlphttp exporter: <c>preset: dynatrace</c> and/or
    /// <c>max_request_bytes</c>, <c>max_points_per_request</c>, <c>max_attributes_per_point</c>,
    /// <c>summaries_as_gauges</c> (explicit keys override the preset).
    /// </summary>
    private static Otlp.Exporters.BackendLimits ReadLimits(YamlMappingReader section)
    {
        var preset = section.GetString("preset");
        var limits = preset switch
        {
            null => Otlp.Exporters.BackendLimits.None,
            "dynatrace" => Otlp.Exporters.BackendLimits.Dynatrace,
            _ => throw section.ErrorAt("preset", $"preset \"{preset}\" is not known (known: dynatrace)"),
        };
        long maxBytes = limits.MaxRequestBytes;
        if (section.GetString("max_request_bytes") is { } bytesText && !Prometheus.Configuration.ByteSize.TryParse(bytesText, out maxBytes))
        {
            throw section.ErrorAt("max_request_bytes", $"max_request_bytes \"{bytesText}\" is not a size (examples: 4MB, 512KB)");
        }
        var maxPoints = section.GetInt("max_points_per_request") ?? limits.MaxPointsPerRequest;
        var maxAttributes = section.GetInt("max_attributes_per_point") ?? limits.MaxAttributesPerPoint;
        if (maxPoints < 0 || maxAttributes < 0)
        {
            throw section.Error($"{section.Path}: max_points_per_request and max_attributes_per_point must not be negative");
        }
        return limits with
        {
            MaxRequestBytes = maxBytes,
            MaxPointsPerRequest = maxPoints,
            MaxAttributesPerPoint = maxAttributes,
            SummariesAsGauges = section.GetBool("summaries_as_gauges") ?? limits.SummariesAsGauges,
        };
    }

    /// <summary>The Collector's <c>retry_on_failure</c> and <c>sending_queue</c> of an exporter, with its defaults.</summary>
    private static DeliverySettings ReadDelivery(YamlMappingReader section)
    {
        var settings = new DeliverySettings();
        if (section.GetMapping("retry_on_failure") is { } retry)
        {
            settings = settings with
            {
                Retry = retry.GetBool("enabled") ?? true,
                InitialInterval = GoDuration.Read(retry, "initial_interval") ?? settings.InitialInterval,
                MaxInterval = GoDuration.Read(retry, "max_interval") ?? settings.MaxInterval,
                MaxElapsedTime = GoDuration.Read(retry, "max_elapsed_time") ?? settings.MaxElapsedTime,
                Multiplier = ReadDouble(retry, "multiplier") ?? settings.Multiplier,
                RandomizationFactor = ReadDouble(retry, "randomization_factor") ?? settings.RandomizationFactor,
            };
            retry.RejectUnknownKeys();
        }
        if (section.GetMapping("sending_queue") is { } queue)
        {
            if (queue.Has("storage"))
            {
                throw queue.ErrorAt("storage", "sending_queue.storage (a persistent queue) is not supported yet");
            }
            if (queue.GetBool("enabled") == false)
            {
                throw queue.ErrorAt("enabled", "sending_queue cannot be disabled: the export pipeline always queues");
            }
            settings = settings with
            {
                Consumers = queue.GetInt("num_consumers") ?? settings.Consumers,
                QueueSize = queue.GetInt("queue_size") ?? settings.QueueSize,
            };
            queue.RejectUnknownKeys();
        }
        return settings;
    }

    private static double? ReadDouble(YamlMappingReader section, string key)
    {
        var text = section.GetString(key);
        if (text is null)
        {
            return null;
        }
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw section.ErrorAt(key, $"{section.Qualified(key)}: \"{text}\" is not a number");
    }

    private static Otlp.Exporters.OtlpGrpc.OtlpGrpcExporterOptions ReadOtlpGrpc(YamlMappingReader section)
    {
        var options = new Otlp.Exporters.OtlpGrpc.OtlpGrpcExporterOptions
        {
            Endpoint = section.GetRequiredString("endpoint"),
            Headers = new Dictionary<string, string>(section.GetStringMap("headers"), StringComparer.OrdinalIgnoreCase),
            Timeout = GoDuration.Read(section, "timeout") ?? TimeSpan.FromSeconds(30),
            Limits = ReadLimits(section),
        };
        var compression = section.GetString("compression");
        options.Gzip = compression switch
        {
            null or "gzip" => true,
            "none" or "" => false,
            _ => throw section.ErrorAt("compression", $"compression \"{compression}\" must be gzip or none"),
        };
        if (section.GetMapping("tls") is { } tls)
        {
            options.Insecure = tls.GetBool("insecure") ?? false;
            tls.RejectUnknownKeys(" (this version supports tls.insecure only)");
        }
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join(" ", problems)}");
        }
        return options;
    }

    private static Otlp.Exporters.File.FileExporterOptions ReadFile(YamlMappingReader section)
    {
        var path = section.GetRequiredString("path");
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? Directory.GetCurrentDirectory();
        var options = new Otlp.Exporters.File.FileExporterOptions { Path = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path) };
        var format = section.GetString("format");
        if (format is not (null or "json"))
        {
            throw section.ErrorAt("format", $"format \"{format}\" is not supported yet (supported: json)");
        }
        if (section.GetMapping("rotation") is { } rotation)
        {
            options.MaxMegabytes = rotation.GetInt("max_megabytes") ?? options.MaxMegabytes;
            options.MaxBackups = rotation.GetInt("max_backups") ?? options.MaxBackups;
            rotation.RejectUnknownKeys();
        }
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join(" ", problems)}");
        }
        return options;
    }

    private static DebugExporterSettings ReadDebug(YamlMappingReader section, ComponentId id)
    {
        var verbosity = section.GetString("verbosity");
        if (verbosity is not (null or "basic"))
        {
            throw section.ErrorAt("verbosity", $"verbosity \"{verbosity}\" is not supported yet (supported: basic, a one-line summary per export)");
        }
        return new DebugExporterSettings(id);
    }

    private static OrleansSettings ReadOrleans(YamlMappingReader? section)
    {
        var defaults = new OrleansSettings();
        if (section is null)
        {
            return defaults;
        }
        var role = section.GetString("role") ?? defaults.Role;
        if (!Grains.Placement.SiloRole.IsKnown(role))
        {
            throw section.ErrorAt("role", $"role \"{role}\" must be one of {string.Join(", ", Grains.Placement.SiloRole.Known)}");
        }

        var clustering = section.GetMapping("clustering");
        var clusteringProvider = clustering?.GetString("provider") switch
        {
            null or "localhost" => ClusteringProvider.Localhost,
            "azurestorage" => ClusteringProvider.AzureStorage,
            var other => throw clustering!.ErrorAt("provider", $"clustering provider \"{other}\" must be localhost or azurestorage"),
        };
        var clusteringConnection = clustering?.GetString("connection_string");
        if (clusteringProvider == ClusteringProvider.AzureStorage && string.IsNullOrEmpty(clusteringConnection))
        {
            throw clustering!.Error("orleans.clustering.connection_string is required for the azurestorage provider");
        }
        clustering?.RejectUnknownKeys();

        var storage = section.GetMapping("storage");
        var storageProvider = storage?.GetString("provider") switch
        {
            null or "memory" => GrainStorageProvider.Memory,
            "azurestorage" => GrainStorageProvider.AzureStorage,
            var other => throw storage!.ErrorAt("provider", $"storage provider \"{other}\" must be memory or azurestorage"),
        };
        var storageConnection = storage?.GetString("connection_string");
        if (storageProvider == GrainStorageProvider.AzureStorage && string.IsNullOrEmpty(storageConnection))
        {
            throw storage!.Error("orleans.storage.connection_string is required for the azurestorage provider");
        }
        storage?.RejectUnknownKeys();

        var http = section.GetMapping("http");
        var httpPort = http?.GetInt("port") ?? defaults.HttpPort;
        var httpAddress = http?.GetString("address") ?? defaults.HttpAddress;
        if (httpPort is < 0 or > 65535)
        {
            throw http!.ErrorAt("port", $"orleans.http.port {httpPort} is not a TCP port");
        }
        http?.RejectUnknownKeys();

        var endpoints = section.GetMapping("endpoints");
        var siloPort = endpoints?.GetInt("silo_port") ?? defaults.SiloPort;
        var gatewayPort = endpoints?.GetInt("gateway_port") ?? defaults.GatewayPort;
        var advertised = endpoints?.GetString("advertised_address");
        endpoints?.RejectUnknownKeys();

        var settings = new OrleansSettings
        {
            Role = role,
            ClusterId = section.GetString("cluster_id") ?? defaults.ClusterId,
            ServiceId = section.GetString("service_id") ?? defaults.ServiceId,
            SiloName = section.GetString("silo_name"),
            Clustering = clusteringProvider,
            ClusteringConnectionString = clusteringConnection,
            Storage = storageProvider,
            StorageConnectionString = storageConnection,
            HttpAddress = httpAddress,
            HttpPort = httpPort,
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            AdvertisedAddress = advertised,
        };
        section.RejectUnknownKeys();
        return settings;
    }
}
