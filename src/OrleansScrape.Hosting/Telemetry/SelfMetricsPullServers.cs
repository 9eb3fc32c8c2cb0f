using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// The Prometheus pull readers of <c>service.telemetry.metrics.readers</c>: each serves the
/// self-metrics of the level at <c>http://host:port/metrics</c> on a Kestrel listener of its own, from
/// a meter provider of its own (its suffix and label options differ from the silo's <c>/metrics</c>).
/// </summary>
public sealed class SelfMetricsPullServers : IHostedService, IAsyncDisposable
{
    public const string Path = "/metrics";

    private readonly IReadOnlyList<PrometheusPullReaderOptions> _readers;
    private readonly ServiceTelemetryOptions _options;
    private readonly string _serviceInstanceId;
    private readonly ILogger<SelfMetricsPullServers> _logger;
    private readonly List<(MeterProvider Provider, WebApplication App, int Port)> _running = [];

    public SelfMetricsPullServers(
        IReadOnlyList<PrometheusPullReaderOptions> readers, ServiceTelemetryOptions options, string serviceInstanceId, ILogger<SelfMetricsPullServers> logger)
    {
        _readers = readers ?? throw new ArgumentNullException(nameof(readers));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _serviceInstanceId = serviceInstanceId;
        _logger = logger;
    }

    /// <summary>The port each reader listens on, in reader order, while started (port 0 in the options reads back as the port taken).</summary>
    public IReadOnlyList<int> Ports => _running.Select(r => r.Port).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var reader in _readers)
        {
            if (!reader.WithoutUnitsHonoured)
            {
                _logger.LogWarning(
                    "Prometheus pull reader {Endpoint}: without_units cannot be honoured without without_type_suffix (the .NET exporter drops unit and type suffixes together); unit suffixes are kept",
                    reader.ListenEndpoint);
            }
            var builder = Sdk.CreateMeterProviderBuilder();
            SelfTelemetry.ConfigureInstruments(builder, _options, _serviceInstanceId);
            builder.AddPrometheusExporter(o => Configure(o, reader));
            var provider = builder.Build();
            WebApplication? app = null;
            try
            {
                var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
                // Nothing of the process's configuration (ASPNETCORE_URLS, a Kestrel section in appsettings.json) may add listeners here.
                web.Configuration.Sources.Clear();
                web.Logging.ClearProviders();
                web.WebHost.ConfigureKestrel(kestrel => reader.ListenEndpoint.Listen(kestrel));
                app = web.Build();
                app.UseOpenTelemetryPrometheusScrapingEndpoint(
                    provider, context => context.Request.Path == Path, path: null!, configureBranchedPipeline: null!, optionsName: null!);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var port = BoundPort(app);
                _running.Add((provider, app, port));
                _logger.LogInformation("Self-metrics served at http://{Endpoint}{Path}", reader.ListenEndpoint with { Port = port }, Path);
            }
            catch
            {
                if (app is not null)
                {
                    await app.DisposeAsync().ConfigureAwait(false);
                }
                provider.Dispose();
                throw;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (provider, app, _) in _running)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            provider.Dispose();
        }
        _running.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static void Configure(PrometheusAspNetCoreOptions exporter, PrometheusPullReaderOptions reader)
    {
        // Each scrape collects afresh, as the Collector's Go exporter does.
        exporter.ScrapeResponseCacheDurationMilliseconds = 0;
        exporter.ScopeInfoEnabled = !reader.WithoutScopeInfo;
        exporter.TargetInfoEnabled = !reader.WithoutTargetInfo;
        if (reader.TranslationStrategy is { } strategy)
        {
            exporter.TranslationStrategy = strategy;
        }
        else if (reader.WithoutTypeSuffix && reader.WithoutUnits)
        {
            exporter.TranslationStrategy = PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithoutSuffixes;
        }
        else if (reader.WithoutTypeSuffix)
        {
            exporter.DisableTotalNameSuffixForCounters = true;
        }
        if (reader.ResourceConstantLabels is { } labels)
        {
            exporter.ResourceConstantLabels = labels.Includes;
        }
    }

    private static int BoundPort(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address");
        // Kestrel writes the any-address as "[::]" or "0.0.0.0" and localhost as "localhost"; only the port matters here.
        return new Uri(address.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal)).Port;
    }
}
