using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// Wires <c>service.telemetry</c>: the meters and views of the level, the resource, the periodic OTLP
/// readers, the Prometheus pull readers on listeners of their own, the silo's own <c>/metrics</c>, and
/// the level of OrleansScrape's logs. See README.md beside this file.
/// </summary>
public static class SelfTelemetry
{
    public const string DefaultServiceName = "orleans-scrape";

    /// <summary>The log category prefix <see cref="ConfigureLogging"/> sets the level of.</summary>
    public const string LogCategory = "OrleansScrape";

    private static readonly string ProcessInstanceId = Guid.NewGuid().ToString();

    /// <summary>
    /// Everything of self-telemetry in one call (replaces <c>services.AddOpenTelemetry().WithMetrics(...)</c>):
    /// the meter provider of <see cref="ConfigureSelfMetrics"/> and, for each pull reader, a hosted
    /// listener (<see cref="SelfMetricsPullServers"/>).
    /// </summary>
    /// <param name="serviceInstanceId">The silo or pod name for <c>service.instance.id</c>; null takes <c>POD_NAME</c>, else one id per process.</param>
    public static IServiceCollection AddServiceTelemetry(this IServiceCollection services, ServiceTelemetryOptions options, string? serviceInstanceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ThrowIfInvalid(options);
        var instanceId = ServiceInstanceId(serviceInstanceId);
        services.AddSingleton(options);
        services.AddOpenTelemetry().WithMetrics(metrics => ConfigureSelfMetrics(metrics, options, instanceId));
        var pulls = options.Metrics.Level == SelfMetricsLevel.None
            ? []
            : options.Metrics.Readers.OfType<PrometheusPullReaderOptions>().ToList();
        if (pulls.Count > 0)
        {
            services.AddSingleton(provider => new SelfMetricsPullServers(
                pulls, options, instanceId, provider.GetRequiredService<ILoggerFactory>().CreateLogger<SelfMetricsPullServers>()));
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<SelfMetricsPullServers>());
        }
        return services;
    }

    /// <summary>
    /// Configures a meter provider for self-metrics: the level's meters and views, the resource, one
    /// periodic OTLP reader per <see cref="PeriodicReaderOptions"/>, and the Prometheus exporter the
    /// silo's <c>/metrics</c> serves (<c>MapPrometheusScrapingEndpoint</c>). At level none it adds no
    /// meter and no reader, so <c>/metrics</c> answers an empty exposition. Pull readers need listeners:
    /// <see cref="AddServiceTelemetry"/> adds them.
    /// </summary>
    public static void ConfigureSelfMetrics(MeterProviderBuilder builder, ServiceTelemetryOptions options, string? serviceInstanceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ThrowIfInvalid(options);
        ConfigureInstruments(builder, options, ServiceInstanceId(serviceInstanceId));
        if (options.Metrics.Level != SelfMetricsLevel.None)
        {
            foreach (var reader in options.Metrics.Readers.OfType<PeriodicReaderOptions>())
            {
                builder.AddReader(_ => CreatePeriodicReader(reader));
            }
        }
        builder.AddPrometheusExporter(o => o.TargetInfoEnabled = options.Metrics.Level != SelfMetricsLevel.None);
    }

    /// <summary>
    /// Sets the minimum level of OrleansScrape's own log categories (<c>OrleansScrape.*</c>) to
    /// <c>logs.level</c>; other categories keep their configuration.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging, ServiceTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(options);
        logging.AddFilter(LogCategory, options.Logs.Level);
    }

    /// <summary>
    /// The resource of every self-metric: <c>service.name</c> <c>orleans-scrape</c>, <c>service.instance.id</c>
    /// and <c>service.version</c>, then the user's <c>resource</c> over them (a null value removes one).
    /// </summary>
    public static IReadOnlyDictionary<string, object> ResourceAttributes(ServiceTelemetryOptions options, string? serviceInstanceId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["service.name"] = DefaultServiceName,
            ["service.instance.id"] = ServiceInstanceId(serviceInstanceId),
            ["service.version"] = Version,
        };
        foreach (var (name, value) in options.Resource)
        {
            if (value is null)
            {
                attributes.Remove(name);
            }
            else
            {
                attributes[name] = value;
            }
        }
        return attributes;
    }

    /// <summary>The meters, views and resource of a self-metrics meter provider, without readers.</summary>
    internal static void ConfigureInstruments(MeterProviderBuilder builder, ServiceTelemetryOptions options, string serviceInstanceId)
    {
        var level = options.Metrics.Level;
        var attributes = ResourceAttributes(options, serviceInstanceId);
        builder.ConfigureResource(resource => resource.Clear().AddTelemetrySdk().AddAttributes(attributes));
        if (SelfMetricsLevels.MetersOf(level) is { Count: > 0 } meters)
        {
            builder.AddMeter([.. meters]);
        }
        builder.AddView(instrument => SelfMetricsLevels.Keeps(level, instrument.Meter.Name, instrument.Name) ? null : MetricStreamConfiguration.Drop);
    }

    internal static MetricReader CreatePeriodicReader(PeriodicReaderOptions reader)
    {
        var exporter = reader.Exporter;
        var otlp = new OtlpExporterOptions
        {
            Protocol = exporter.Protocol == OtlpSelfProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            // An endpoint set here is used as it is: ResolveEndpoint already added /v1/metrics where the Collector would.
            Endpoint = exporter.ResolveEndpoint(),
            Headers = string.Join(",", exporter.Headers.Select(h => $"{h.Key}={h.Value}")),
            TimeoutMilliseconds = (int)exporter.Timeout.TotalMilliseconds,
            Compression = exporter.Compression == OtlpSelfCompression.Gzip ? OtlpExportCompression.GZip : OtlpExportCompression.None,
        };
        return new PeriodicExportingMetricReader(
            new OtlpMetricExporter(otlp), (int)reader.Interval.TotalMilliseconds, (int)reader.Timeout.TotalMilliseconds)
        {
            TemporalityPreference = exporter.Temporality switch
            {
                SelfMetricsTemporality.Delta => MetricReaderTemporalityPreference.Delta,
                SelfMetricsTemporality.LowMemory => MetricReaderTemporalityPreference.LowMemory,
                _ => MetricReaderTemporalityPreference.Cumulative,
            },
        };
    }

    internal static string ServiceInstanceId(string? serviceInstanceId) =>
        serviceInstanceId is { Length: > 0 } id ? id
        : Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod
        : ProcessInstanceId;

    private static string Version
    {
        get
        {
            var version = typeof(SelfTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(SelfTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    private static void ThrowIfInvalid(ServiceTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"service.telemetry: {string.Join("; ", problems)}", nameof(options));
        }
    }
}
