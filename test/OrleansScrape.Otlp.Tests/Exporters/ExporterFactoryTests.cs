using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Debug;
using OrleansScrape.Otlp.Exporters.File;
using OrleansScrape.Otlp.Exporters.Helper;
using OrleansScrape.Otlp.Exporters.OtlpGrpc;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters;

/// <summary>The exporter factories: names, the keys each maps, and the transports they build.</summary>
public sealed class ExporterFactoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-scrape-factory-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Each_exporter_answers_to_its_current_name_and_its_old_one()
    {
        var registry = new ComponentRegistry([new OtlpHttpExporterFactory(), new OtlpGrpcExporterFactory(), new FileExporterFactory(), new DebugExporterFactory()]);

        Assert.IsType<OtlpHttpExporterFactory>(registry.Find(ComponentKind.Exporter, "otlphttp"));
        Assert.IsType<OtlpGrpcExporterFactory>(registry.Find(ComponentKind.Exporter, "otlp"));
        Assert.Equal(["otlp_http", "otlp_grpc", "file", "debug"], registry.Types(ComponentKind.Exporter));
        Assert.All(registry.Factories, factory => Assert.Equal(ComponentKind.Exporter, factory.Kind));
    }

    [Fact]
    public void Otlp_http_maps_its_keys_and_explicit_limits_override_the_preset()
    {
        var config = Read(new OtlpHttpExporterFactory(), """
            endpoint: https://tenant.live.dynatrace.com/api/v2/otlp
            headers:
              Authorization: Api-Token abc
            compression: none
            encoding: json
            timeout: 10s
            preset: dynatrace
            max_points_per_request: 1000
            """);

        Assert.Equal(new Uri("https://tenant.live.dynatrace.com/api/v2/otlp"), config.Endpoint);
        Assert.Equal("Api-Token abc", config.Headers["Authorization"]);
        Assert.Equal((OtlpCompression.None, OtlpEncoding.Json), (config.Compression, config.Encoding));
        Assert.Equal(TimeSpan.FromSeconds(10), config.Helper.Timeout);
        Assert.Equal(BackendLimits.Dynatrace with { MaxPointsPerRequest = 1000 }, config.Limits);
        Assert.Equal(TimeSpan.FromSeconds(10), config.ToTransportOptions().Timeout);
        Assert.Equal(BackendLimits.None, config.ToTransportOptions().Limits);
    }

    [Fact]
    public void Otlp_http_without_an_endpoint_is_refused_naming_the_key()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new OtlpHttpExporterFactory(), "compression: gzip"));

        Assert.Equal("exporters.x.endpoint: is required.", error.Reason);
    }

    [Fact]
    public void A_negative_limit_is_refused_at_its_key()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new OtlpHttpExporterFactory(), "endpoint: http://c:4318\npreset: dynatrace\nmax_attributes_per_point: -1"));

        Assert.Equal(5, error.Line);
        Assert.Equal("exporters.x.max_attributes_per_point: must not be negative, not -1", error.Reason);
    }

    [Fact]
    public void Otlp_http_refuses_the_keys_it_does_not_support_yet()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new OtlpHttpExporterFactory(), "endpoint: http://c:4318\ntls:\n  insecure: true"));

        Assert.Contains("exporters.x.tls is not supported yet", error.Reason);
    }

    [Fact]
    public void An_unknown_exporter_key_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new OtlpHttpExporterFactory(), "endpoint: http://c:4318\nendpont: http://d"));

        Assert.Equal(4, error.Line);
        Assert.Contains("unknown key \"endpont\"", error.Reason);
        Assert.Contains("sending_queue", error.Reason);
    }

    [Fact]
    public async Task Otlp_http_sends_through_the_transport_it_builds()
    {
        await using var sink = await OtlpSink.StartAsync();
        var factory = new OtlpHttpExporterFactory();
        var config = Read(factory, $"endpoint: {sink.BaseUri}\nheaders:\n  X-Tenant: t1\nencoding: json");
        using var http = new HttpClient();
        await using var sender = ExporterSender.Create(factory, "otlp_http/sink", config, new ExporterServices { HttpClient = () => http });
        sender.Start();

        Assert.True(await await sender.EnqueueAsync([TestBatches.Gauge("a", 2)], CancellationToken.None));

        var request = Assert.Single(sink.Requests);
        Assert.Equal(("/v1/metrics", "t1", "application/json"), (request.Path, request.Header("X-Tenant"), request.Header("Content-Type")));
        Assert.Equal("otlp_http/sink", sender.Name);
    }

    [Fact]
    public void Otlp_grpc_maps_its_keys()
    {
        var config = Read(new OtlpGrpcExporterFactory(), """
            endpoint: collector:4317
            tls:
              insecure: true
            compression: none
            headers:
              x-tenant: t1
            max_request_bytes: 1MB
            sending_queue:
              num_consumers: 2
            """);

        Assert.Equal(("collector:4317", true, false), (config.Endpoint, config.Insecure, config.Gzip));
        Assert.Equal(new Uri("http://collector:4317"), config.ToTransportOptions().Address);
        Assert.Equal("t1", config.Headers["x-tenant"]);
        Assert.Equal(1024 * 1024, config.Limits.MaxRequestBytes);
        Assert.Equal(2, config.Helper.Queue.NumConsumers);
        Assert.Equal(TimeSpan.FromSeconds(5), config.ToTransportOptions().Timeout);
    }

    [Fact]
    public void Otlp_grpc_refuses_tls_keys_other_than_insecure()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new OtlpGrpcExporterFactory(), "endpoint: c:4317\ntls:\n  ca_file: /ca.pem"));

        Assert.Contains("unknown key \"ca_file\"", error.Reason);
        Assert.Contains("tls.insecure only", error.Reason);
    }

    [Fact]
    public void File_resolves_a_relative_path_against_the_configuration_files_directory()
    {
        var configFile = Path.Combine(_directory, "conf", "collector.yaml");
        var config = Read(new FileExporterFactory(), "path: out/metrics.jsonl\nrotation:\n  max_megabytes: 5\n  max_backups: 3", configFile);

        Assert.Equal(Path.Combine(_directory, "conf", "out", "metrics.jsonl"), config.Path);
        Assert.Equal((5L, 3), (config.MaxMegabytes, config.MaxBackups));
    }

    [Fact]
    public void File_refuses_formats_other_than_json()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new FileExporterFactory(), "path: /tmp/m.jsonl\nformat: proto"));

        Assert.Contains("\"proto\" is not supported yet (supported: json)", error.Reason);
    }

    [Fact]
    public async Task Debug_at_normal_verbosity_writes_the_summary_and_a_line_per_metric()
    {
        var factory = new DebugExporterFactory();
        var config = Read(factory, "verbosity: normal\nsampling_initial: 5\nsampling_thereafter: 200");
        var output = new StringWriter();
        var transport = factory.CreateTransport("debug", config, new ExporterServices { HttpClient = () => new HttpClient(), Console = output });

        await transport.ExportAsync([TestBatches.GaugeAndDeltaSum()], CancellationToken.None);

        Assert.Equal((5, 200), (config.SamplingInitial, config.SamplingThereafter));
        Assert.Equal(
            "debug: exported 1 resources, 2 metrics, 3 data points (delta sums 1, cumulative sums 0, gauges 1)" + Environment.NewLine
            + "  process_open_fds Gauge [{fds}]: 2 points" + Environment.NewLine
            + "  http_requests_total Sum Delta monotonic [{requests}]: 1 point" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public void Debug_refuses_an_unknown_verbosity()
    {
        var error = Assert.Throws<ConfigException>(() => Read(new DebugExporterFactory(), "verbosity: loud"));

        Assert.Contains("\"loud\" is not a verbosity", error.Reason);
    }

    [Fact]
    public void A_factory_refuses_options_that_are_not_its_own()
    {
        Assert.Throws<ArgumentException>(() => new DebugExporterFactory().HelperOf(new FileExporterConfig()));
    }

    private static TConfig Read<TConfig>(ExporterFactory<TConfig> factory, string yaml, string file = "config.yaml")
        where TConfig : class, IExporterConfig
    {
        var body = string.Join('\n', yaml.Split('\n').Select(line => "    " + line));
        var root = YamlDocument.Load("exporters:\n  x:\n" + body + "\n", file);
        return factory.ReadTyped(root.GetMapping("exporters")!.GetMapping("x")!);
    }
}
