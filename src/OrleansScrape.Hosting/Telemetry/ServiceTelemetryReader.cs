using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OrleansScrape.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// Reads <c>service.telemetry</c> in the Collector's current shape (and its older and newer spellings:
/// <c>headers</c> as a map or a <c>[{name, value}]</c> list, <c>otlp</c> with <c>protocol</c> or
/// <c>otlp_http</c> / <c>otlp_grpc</c>, <c>prometheus</c> or <c>prometheus/development</c>). It only maps
/// keys: defaults and rules live in the options. Unknown keys are refused at their line; keys the
/// Collector has that mean nothing here are accepted with one warning each.
/// </summary>
public static class ServiceTelemetryReader
{
    public static ServiceTelemetryOptions Read(YamlMappingReader telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var metrics = ReadMetrics(telemetry.GetMapping("metrics"));
        var logs = ReadLogs(telemetry.GetMapping("logs"));
        var resource = ReadResource(telemetry, "resource");
        NoEffect(telemetry, "traces", "OrleansScrape records no spans of its own");
        telemetry.RejectUnknownKeys();
        var options = new ServiceTelemetryOptions { Metrics = metrics, Logs = logs, Resource = resource };
        telemetry.ThrowIfInvalid(options.Validate());
        return options;
    }

    private static SelfMetricsOptions ReadMetrics(YamlMappingReader? metrics)
    {
        var defaults = new SelfMetricsOptions();
        if (metrics is null)
        {
            return defaults;
        }
        var level = metrics.GetString("level") is { } text ? ParseLevel(metrics, text) : defaults.Level;
        var readers = new List<SelfMetricsReaderOptions>();
        foreach (var item in metrics.GetMappingSequence("readers"))
        {
            readers.Add(ReadReader(item));
        }
        if (metrics.GetString("address") is { } address)
        {
            // The Collector's first own-metrics setting: a Prometheus listener at host:port.
            var colon = address.LastIndexOf(':');
            var port = colon >= 0 && int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
            var reader = new PrometheusPullReaderOptions { Host = colon >= 0 ? address[..colon] : address, Port = port };
            if (port < 0)
            {
                throw metrics.ErrorAt("address", $"{metrics.Qualified("address")}: \"{address}\" is not host:port");
            }
            metrics.ThrowIfInvalid(reader.ValidateExporter().Select(problem => problem with { Key = "address" }).ToList());
            metrics.WarnAt("address", $"{metrics.Qualified("address")} is deprecated in the Collector: write readers: [{{pull: {{exporter: {{prometheus: {{host, port}}}}}}}}]; read here as such a reader");
            readers.Add(reader);
        }
        NoEffect(metrics, "views", "the level decides which instruments are kept; custom views are not applied");
        NoEffect(metrics, "exemplar_filter", "self-metrics carry no exemplars");
        metrics.RejectUnknownKeys();
        return new SelfMetricsOptions { Level = level, Readers = readers };
    }

    private static SelfMetricsLevel ParseLevel(YamlMappingReader metrics, string text) => text.ToLowerInvariant() switch
    {
        "none" => SelfMetricsLevel.None,
        "basic" => SelfMetricsLevel.Basic,
        "normal" => SelfMetricsLevel.Normal,
        "detailed" => SelfMetricsLevel.Detailed,
        _ => throw metrics.ErrorAt("level", $"{metrics.Qualified("level")}: \"{text}\" is not a level (none, basic, normal or detailed)"),
    };

    private static SelfMetricsReaderOptions ReadReader(YamlMappingReader item)
    {
        var periodic = item.GetMapping("periodic");
        var pull = item.GetMapping("pull");
        item.RejectUnknownKeys(" (a reader is periodic or pull)");
        if (periodic is not null && pull is not null)
        {
            throw item.Error($"{item.Path}: a reader is periodic or pull, not both");
        }
        if (periodic is not null)
        {
            return ReadPeriodic(periodic);
        }
        if (pull is not null)
        {
            return ReadPull(pull);
        }
        throw item.Error($"{item.Path}: a reader must be periodic or pull");
    }

    private static PeriodicReaderOptions ReadPeriodic(YamlMappingReader periodic)
    {
        var defaults = new PeriodicReaderOptions { Exporter = new OtlpSelfExporterOptions() };
        var interval = Milliseconds(periodic, "interval") ?? defaults.Interval;
        var timeout = Milliseconds(periodic, "timeout") ?? defaults.Timeout;
        var exporters = periodic.GetMapping("exporter") ?? throw periodic.Error($"{periodic.Qualified("exporter")} is required: write exporter: {{otlp: {{protocol, endpoint}}}}");
        NoEffect(periodic, "producers", "no metric producers besides the SDK's own are available");
        NoEffect(periodic, "cardinality_limits", "the .NET SDK's own limit (2000 points per metric) applies");
        periodic.RejectUnknownKeys();

        var otlp = exporters.GetMapping("otlp");
        var otlpHttp = exporters.GetMapping("otlp_http");
        var otlpGrpc = exporters.GetMapping("otlp_grpc");
        foreach (var other in new[] { "console", "otlp_file/development", "otlp_file" })
        {
            if (exporters.Has(other))
            {
                throw exporters.ErrorAt(other, $"{exporters.Qualified(other)} is not supported: self-metrics are pushed over OTLP (otlp with protocol http/protobuf or grpc)");
            }
        }
        exporters.RejectUnknownKeys();
        var chosen = new[] { (otlp, Key: "otlp"), (otlpHttp, Key: "otlp_http"), (otlpGrpc, Key: "otlp_grpc") }.Where(e => e.Item1 is not null).ToList();
        if (chosen.Count != 1)
        {
            throw exporters.Error($"{exporters.Path} must name exactly one exporter: otlp (with protocol), otlp_http or otlp_grpc");
        }
        var exporter = ReadOtlp(chosen[0].Item1!, chosen[0].Key);
        var options = new PeriodicReaderOptions
        {
            Interval = interval == TimeSpan.Zero ? defaults.Interval : interval,
            Timeout = timeout == TimeSpan.Zero ? defaults.Timeout : timeout,
            Exporter = exporter,
        };
        periodic.ThrowIfInvalid(options.ValidateTimings());
        return options;
    }

    private static OtlpSelfExporterOptions ReadOtlp(YamlMappingReader otlp, string form)
    {
        var defaults = new OtlpSelfExporterOptions();
        var protocol = form switch
        {
            "otlp_http" => OtlpSelfProtocol.HttpProtobuf,
            "otlp_grpc" => OtlpSelfProtocol.Grpc,
            _ => otlp.GetString("protocol") switch
            {
                "http/protobuf" => OtlpSelfProtocol.HttpProtobuf,
                "grpc" => OtlpSelfProtocol.Grpc,
                null => throw otlp.Error($"{otlp.Qualified("protocol")} is required: http/protobuf or grpc"),
                var other => throw otlp.ErrorAt("protocol", $"{otlp.Qualified("protocol")}: \"{other}\" is not supported (http/protobuf or grpc)"),
            },
        };
        if (form == "otlp_http" && otlp.GetString("encoding") is { } encoding && encoding != "protobuf")
        {
            throw otlp.ErrorAt("encoding", $"{otlp.Qualified("encoding")}: \"{encoding}\" is not supported (protobuf)");
        }
        foreach (var key in new[] { "certificate", "client_key", "client_certificate", "certificate_file", "client_key_file", "client_certificate_file", "tls" })
        {
            if (otlp.Has(key))
            {
                throw otlp.ErrorAt(key, $"{otlp.Qualified(key)} is not supported: self-metrics use the system's trusted certificates (https://) or plain HTTP (http://)");
            }
        }
        var headers = ReadHeaders(otlp);
        var compression = otlp.GetString("compression") switch
        {
            null or "none" => OtlpSelfCompression.None,
            "gzip" => OtlpSelfCompression.Gzip,
            var other => throw otlp.ErrorAt("compression", $"{otlp.Qualified("compression")}: \"{other}\" must be gzip or none"),
        };
        var temporality = otlp.GetString("temporality_preference") switch
        {
            null or "cumulative" => SelfMetricsTemporality.Cumulative,
            "delta" => SelfMetricsTemporality.Delta,
            "lowmemory" => SelfMetricsTemporality.LowMemory,
            var other => throw otlp.ErrorAt("temporality_preference", $"{otlp.Qualified("temporality_preference")}: \"{other}\" must be delta, cumulative or lowmemory"),
        };
        switch (otlp.GetString("default_histogram_aggregation"))
        {
            case null or "explicit_bucket_histogram":
                break;
            case "base2_exponential_bucket_histogram":
                otlp.WarnAt("default_histogram_aggregation", $"{otlp.Qualified("default_histogram_aggregation")} has no effect in OrleansScrape: self-metric histograms keep explicit buckets");
                break;
            case var other:
                throw otlp.ErrorAt("default_histogram_aggregation", $"{otlp.Qualified("default_histogram_aggregation")}: \"{other}\" must be explicit_bucket_histogram or base2_exponential_bucket_histogram");
        }
        var timeout = Milliseconds(otlp, "timeout");
        var options = new OtlpSelfExporterOptions
        {
            Protocol = protocol,
            Endpoint = otlp.GetString("endpoint") ?? defaults.Endpoint,
            Insecure = otlp.GetBool("insecure") ?? defaults.Insecure,
            Headers = headers,
            Compression = compression,
            Timeout = timeout is null || timeout == TimeSpan.Zero ? defaults.Timeout : timeout.Value,
            Temporality = temporality,
        };
        otlp.RejectUnknownKeys();
        otlp.ThrowIfInvalid(options.Validate());
        return options;
    }

    /// <summary>
    /// <c>headers</c> as a map (the Collector's older form) or a <c>[{name, value}]</c> list (the
    /// configuration schema's), and <c>headers_list</c> (<c>a=b,c=d</c>); <c>headers</c> wins over
    /// <c>headers_list</c> for a name in both.
    /// </summary>
    private static List<KeyValuePair<string, string>> ReadHeaders(YamlMappingReader otlp)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (otlp.GetString("headers_list") is { Length: > 0 } list)
        {
            foreach (var pair in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    throw otlp.ErrorAt("headers_list", $"{otlp.Qualified("headers_list")}: \"{pair}\" is not name=value");
                }
                Set(headers, pair[..equals].Trim(), Uri.UnescapeDataString(pair[(equals + 1)..].Trim()));
            }
        }
        switch (ValueOf(otlp, "headers"))
        {
            case null:
                break;
            case YamlSequenceNode:
                foreach (var item in otlp.GetMappingSequence("headers"))
                {
                    var name = item.GetRequiredString("name");
                    var value = item.GetString("value") ?? "";
                    item.RejectUnknownKeys();
                    Set(headers, name, value);
                }
                break;
            default:
                foreach (var (name, value) in otlp.GetStringMap("headers"))
                {
                    Set(headers, name, value);
                }
                break;
        }
        return headers;

        static void Set(List<KeyValuePair<string, string>> headers, string name, string value)
        {
            headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            headers.Add(new KeyValuePair<string, string>(name, value));
        }
    }

    private static PrometheusPullReaderOptions ReadPull(YamlMappingReader pull)
    {
        var exporters = pull.GetMapping("exporter") ?? throw pull.Error($"{pull.Qualified("exporter")} is required: write exporter: {{prometheus: {{host, port}}}}");
        pull.RejectUnknownKeys();
        var prometheus = exporters.GetMapping("prometheus");
        var development = exporters.GetMapping("prometheus/development");
        exporters.RejectUnknownKeys(" (a pull reader serves prometheus)");
        if ((prometheus ?? development) is not { } section || (prometheus is not null && development is not null))
        {
            throw exporters.Error($"{exporters.Path} must name prometheus (or prometheus/development) once");
        }
        var defaults = new PrometheusPullReaderOptions();
        PrometheusResourceLabels? labels = null;
        if (section.GetMapping("with_resource_constant_labels") is { } constant)
        {
            labels = new PrometheusResourceLabels
            {
                Included = constant.GetStringList("included"),
                Excluded = constant.GetStringList("excluded"),
            };
            constant.RejectUnknownKeys();
        }
        var strategy = section.GetString("translation_strategy") is { } text
            ? Enum.TryParse<PrometheusAspNetCoreTranslationStrategy>(text, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw section.ErrorAt("translation_strategy", $"{section.Qualified("translation_strategy")}: \"{text}\" must be UnderscoreEscapingWithSuffixes, UnderscoreEscapingWithoutSuffixes, NoUTF8EscapingWithSuffixes or NoTranslation")
            : (PrometheusAspNetCoreTranslationStrategy?)null;
        var options = new PrometheusPullReaderOptions
        {
            Host = section.GetString("host") ?? defaults.Host,
            Port = section.GetInt("port") ?? defaults.Port,
            WithoutTypeSuffix = section.GetBool("without_type_suffix") ?? false,
            WithoutUnits = section.GetBool("without_units") ?? false,
            WithoutScopeInfo = section.GetBool("without_scope_info") ?? false,
            WithoutTargetInfo = section.GetBool("without_target_info") ?? false,
            TranslationStrategy = strategy,
            ResourceConstantLabels = labels,
        };
        section.RejectUnknownKeys();
        section.ThrowIfInvalid(options.ValidateExporter());
        if (!options.WithoutUnitsHonoured)
        {
            section.WarnAt("without_units", $"{section.Qualified("without_units")} cannot be honoured alone: the .NET Prometheus exporter drops unit suffixes only together with type suffixes (add without_type_suffix: true); unit suffixes are kept");
        }
        return options;
    }

    private static SelfLogsOptions ReadLogs(YamlMappingReader? logs)
    {
        var defaults = new SelfLogsOptions();
        if (logs is null)
        {
            return defaults;
        }
        var level = logs.GetString("level") switch
        {
            null => defaults.Level,
            var text => text.ToLowerInvariant() switch
            {
                "debug" => LogLevel.Debug,
                "info" => LogLevel.Information,
                "warn" => LogLevel.Warning,
                "error" => LogLevel.Error,
                "dpanic" or "panic" or "fatal" => LogLevel.Critical,
                _ => throw logs.ErrorAt("level", $"{logs.Qualified("level")}: \"{text}\" is not a level (debug, info, warn, error)"),
            },
        };
        const string viaLogging = "OrleansScrape logs through .NET logging, configured by the Logging section or Logging__* environment variables";
        NoEffect(logs, "encoding", $"{viaLogging} (e.g. Logging__Console__FormatterName=json)");
        NoEffect(logs, "development", viaLogging);
        NoEffect(logs, "disable_caller", "log records carry no caller annotation");
        NoEffect(logs, "disable_stacktrace", "stack traces are written with the exceptions they belong to");
        NoEffect(logs, "sampling", "OrleansScrape does not sample its own logs");
        NoEffect(logs, "output_paths", $"{viaLogging}; the console provider writes to standard output");
        NoEffect(logs, "error_output_paths", viaLogging);
        NoEffect(logs, "initial_fields", "no fields are added to every log record");
        NoEffect(logs, "processors", "OrleansScrape does not export its own logs over OTLP");
        NoEffect(logs, "disable_zap_resource", "there is no zap logger here");
        logs.RejectUnknownKeys();
        return new SelfLogsOptions { Level = level };
    }

    /// <summary>
    /// <c>resource</c>: a map of attributes (a null value removes a default attribute), or the
    /// configuration schema's declarative form with <c>attributes: [{name, value}]</c> and/or <c>attributes_list</c>.
    /// </summary>
    private static Dictionary<string, string?> ReadResource(YamlMappingReader telemetry, string key)
    {
        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (telemetry.GetMapping(key) is not { } resource)
        {
            return attributes;
        }
        var declarative = ValueOf(resource, "attributes") is YamlSequenceNode
            || resource.Has("attributes_list") || resource.Has("schema_url") || resource.Has("detection/development");
        if (!declarative)
        {
            foreach (var (name, value) in resource.Node.Children)
            {
                var attribute = ((YamlScalarNode)name).Value ?? "";
                resource.MarkRead(attribute);
                attributes[attribute] = ScalarOrNull(resource, attribute, value);
            }
            return attributes;
        }
        if (resource.GetString("attributes_list") is { Length: > 0 } list)
        {
            foreach (var pair in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    throw resource.ErrorAt("attributes_list", $"{resource.Qualified("attributes_list")}: \"{pair}\" is not name=value");
                }
                attributes[pair[..equals].Trim()] = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            }
        }
        foreach (var item in resource.GetMappingSequence("attributes"))
        {
            var name = item.GetRequiredString("name");
            attributes[name] = ScalarOrNull(item, "value", ValueOf(item, "value"));
            item.MarkRead("value");
            item.GetString("type");
            item.RejectUnknownKeys();
        }
        NoEffect(resource, "schema_url", "self-metrics are pushed without a schema URL");
        NoEffect(resource, "detection/development", "resource detectors are not run; set attributes explicitly");
        resource.RejectUnknownKeys();
        return attributes;
    }

    /// <summary>A scalar's value with environment references expanded; null for YAML's null (<c>~</c>, <c>null</c>, nothing).</summary>
    private static string? ScalarOrNull(YamlMappingReader section, string key, YamlNode? node) => node switch
    {
        null => null,
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode scalar => section.Expand(scalar.Value ?? "", scalar),
        _ => throw YamlMappingReader.ErrorAt(section.File, node, $"{section.Qualified(key)} must be a single value"),
    };

    private static YamlNode? ValueOf(YamlMappingReader section, string key)
    {
        foreach (var (name, value) in section.Node.Children)
        {
            if (name is YamlScalarNode { Value: var k } && k == key)
            {
                return value;
            }
        }
        return null;
    }

    private static TimeSpan? Milliseconds(YamlMappingReader section, string key) =>
        section.GetInt(key) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private static void NoEffect(YamlMappingReader section, string key, string why)
    {
        if (section.Has(key))
        {
            section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: {why}");
        }
    }
}
