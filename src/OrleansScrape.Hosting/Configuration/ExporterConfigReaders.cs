using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Pipeline.Persistent;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>Reads the <c>exporters</c> of a Collector-shaped configuration: otlphttp, otlp, file and debug, with their delivery and backend-limit keys.</summary>
internal static class ExporterConfigReaders
{
    internal static OtlpHttpExporterOptions ReadOtlpHttp(YamlMappingReader section)
    {
        foreach (var key in new[] { "tls", "metrics_endpoint" })
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
        var encoding = section.GetString("encoding");
        options.Encoding = encoding switch
        {
            null or "proto" => OtlpEncoding.Protobuf,
            "json" => OtlpEncoding.Json,
            _ => throw section.ErrorAt("encoding", $"encoding \"{encoding}\" must be proto or json"),
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
    internal static Otlp.Exporters.BackendLimits ReadLimits(YamlMappingReader section)
    {
        var preset = section.GetString("preset");
        var limits = preset switch
        {
            null => Otlp.Exporters.BackendLimits.None,
            "dynatrace" => Otlp.Exporters.BackendLimits.Dynatrace,
            _ => throw section.ErrorAt("preset", $"preset \"{preset}\" is not known (known: dynatrace)"),
        };
        long maxBytes = limits.MaxRequestBytes;
        if (section.GetString("max_request_bytes") is { } bytesText && !ByteSize.TryParse(bytesText, out maxBytes))
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
    internal static DeliverySettings ReadDelivery(YamlMappingReader section)
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
            if (queue.GetBool("enabled") == false)
            {
                throw queue.ErrorAt("enabled", "sending_queue cannot be disabled: the export pipeline always queues");
            }
            settings = settings with
            {
                Consumers = queue.GetInt("num_consumers") ?? settings.Consumers,
                QueueSize = queue.GetInt("queue_size") ?? settings.QueueSize,
                Storage = queue.GetString("storage"),
            };
            queue.RejectUnknownKeys();
        }
        return settings;
    }

    /// <summary>
    /// The <c>extensions</c> the service names (<c>service.extensions</c>): <c>file_storage</c> only,
    /// each a directory a sending queue can be kept in, by extension id. Defined but unnamed
    /// extensions are refused, as unused components are.
    /// </summary>
    internal static IReadOnlyDictionary<string, PersistentQueueOptions> ReadExtensions(YamlMappingReader? extensions, IReadOnlyList<string> named, YamlMappingReader service)
    {
        var storages = new Dictionary<string, PersistentQueueOptions>(StringComparer.Ordinal);
        foreach (var id in named)
        {
            if (extensions is null || !extensions.Has(id))
            {
                throw service.ErrorAt("extensions", $"service.extensions names \"{id}\", which is not defined under extensions");
            }
            var section = extensions.GetMapping(id) ?? throw extensions.ErrorAt(id, $"extensions.{id} must be a mapping");
            var type = ComponentId.Parse(id).Type;
            if (type != "file_storage")
            {
                throw extensions.ErrorAt(id, $"extension type \"{type}\" is not supported (supported: file_storage)");
            }
            var directory = section.GetString("directory") ?? DefaultStorageDirectory;
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? Directory.GetCurrentDirectory();
            storages[id] = new PersistentQueueOptions
            {
                Directory = Path.IsPathRooted(directory) ? directory : Path.Combine(baseDirectory, directory),
                Fsync = section.GetBool("fsync") ?? false,
                CreateDirectory = section.GetBool("create_directory") ?? false,
            };
            section.RejectUnknownKeys(" (file_storage supports directory, fsync and create_directory)");
        }
        extensions?.RejectUnknownKeys(" (defined but not named by service.extensions)");
        return storages;
    }

    /// <summary>The Collector's default <c>file_storage</c> directory.</summary>
    private static string DefaultStorageDirectory => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Otelcol", "FileStorage")
        : "/var/lib/otelcol/file_storage";

    /// <summary>The storage a sending queue names; refused when no <c>file_storage</c> extension has that id.</summary>
    internal static PersistentQueueOptions? ResolveStorage(DeliverySettings delivery, IReadOnlyDictionary<string, PersistentQueueOptions> storages, YamlMappingReader exporters)
    {
        if (delivery.Storage is not { } id)
        {
            return null;
        }
        return storages.TryGetValue(id, out var storage)
            ? storage
            : throw exporters.Error($"exporters: sending_queue.storage names \"{id}\", which is not a file_storage extension named by service.extensions (the persistent queue's directory)");
    }

    internal static double? ReadDouble(YamlMappingReader section, string key)
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

    internal static Otlp.Exporters.OtlpGrpc.OtlpGrpcExporterOptions ReadOtlpGrpc(YamlMappingReader section)
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

    internal static Otlp.Exporters.File.FileExporterOptions ReadFile(YamlMappingReader section)
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

    internal static object ReadDebug(YamlMappingReader section, ComponentId id)
    {
        var verbosity = section.GetString("verbosity");
        if (verbosity is not (null or "basic"))
        {
            throw section.ErrorAt("verbosity", $"verbosity \"{verbosity}\" is not supported yet (supported: basic, a one-line summary per export)");
        }
        return id;
    }
}
