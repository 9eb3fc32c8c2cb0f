using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Telemetry;

namespace OrleansScrape.Host.Tests;

public sealed class ServiceTelemetryReaderTests
{
    // The body sits under service.telemetry: its first line is line 3 of the document.
    private static (ServiceTelemetryOptions Options, ConfigWarnings Warnings) Read(string body)
    {
        var warnings = new ConfigWarnings();
        var root = YamlDocument.Load(Document(body), "telemetry.yaml", warnings);
        var options = ServiceTelemetryReader.Read(root.GetMapping("service")!.GetMapping("telemetry")!);
        return (options, warnings);
    }

    private static ConfigException Refused(string body) =>
        Assert.Throws<ConfigException>(() => Read(body));

    private static string Document(string body) =>
        "service:\n  telemetry:\n" + string.Join('\n', body.Split('\n').Select(line => "    " + line)) + "\n";

    [Fact]
    public void Empty_GivesTheDefaults()
    {
        var (options, warnings) = Read("{}");
        Assert.Equal(SelfMetricsLevel.Normal, options.Metrics.Level);
        Assert.Empty(options.Metrics.Readers);
        Assert.Equal(LogLevel.Information, options.Logs.Level);
        Assert.Empty(options.Resource);
        Assert.Empty(warnings.All);
    }

    [Theory]
    [InlineData("none", SelfMetricsLevel.None)]
    [InlineData("basic", SelfMetricsLevel.Basic)]
    [InlineData("normal", SelfMetricsLevel.Normal)]
    [InlineData("Detailed", SelfMetricsLevel.Detailed)]
    public void MetricsLevel_IsRead(string text, SelfMetricsLevel level) =>
        Assert.Equal(level, Read($"metrics:\n  level: {text}").Options.Metrics.Level);

    [Fact]
    public void MetricsLevel_Unknown_IsRefusedAtItsLine()
    {
        var error = Refused("metrics:\n  level: verbose");
        Assert.Equal(4, error.Line);
        Assert.Contains("\"verbose\" is not a level", error.Message);
        Assert.StartsWith("telemetry.yaml:4:", error.Message);
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("INFO", LogLevel.Information)]
    public void LogsLevel_IsRead(string text, LogLevel level) =>
        Assert.Equal(level, Read($"logs:\n  level: {text}").Options.Logs.Level);

    [Fact]
    public void LogsKeysWithoutMeaningHere_AreAcceptedWithOneWarningEach()
    {
        var (options, warnings) = Read("""
            logs:
              level: debug
              encoding: json
              development: true
              sampling:
                enabled: false
              output_paths: [stdout]
            traces:
              level: basic
            """);
        Assert.Equal(LogLevel.Debug, options.Logs.Level);
        var messages = warnings.All.Select(w => w.Message).ToList();
        Assert.Equal(5, messages.Count);
        Assert.All(messages, m => Assert.Contains("has no effect in OrleansScrape:", m));
        Assert.Contains(warnings.All, w => w.Message.StartsWith("service.telemetry.logs.encoding has no effect", StringComparison.Ordinal) && w.Line == 5);
        Assert.Contains(warnings.All, w => w.Message.StartsWith("service.telemetry.traces has no effect", StringComparison.Ordinal) && w.Line == 10);
    }

    [Fact]
    public void UnknownKey_IsRefusedWithFileLineAndColumn()
    {
        var error = Refused("metrics:\n  level: basic\n  lvl: normal");
        Assert.Equal("telemetry.yaml", error.File);
        Assert.Equal(5, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Contains("unknown key \"lvl\" in service.telemetry.metrics", error.Message);
    }

    [Fact]
    public void UnknownTopLevelKey_IsRefused()
    {
        var error = Refused("metric:\n  level: basic");
        Assert.Equal(3, error.Line);
        Assert.Contains("unknown key \"metric\"", error.Message);
    }

    [Fact]
    public void Resource_Map_IsRead_AndANullRemovesADefault()
    {
        var (options, _) = Read("""
            resource:
              k8s.cluster.name: "my-cluster"
              k8s.pod.name: pod-a
              service.version: ~
            """);
        Assert.Equal("my-cluster", options.Resource["k8s.cluster.name"]);
        Assert.Equal("pod-a", options.Resource["k8s.pod.name"]);
        Assert.Null(options.Resource["service.version"]);
        var attributes = SelfTelemetry.ResourceAttributes(options, "silo-1");
        Assert.Equal("orleans-scrape", attributes["service.name"]);
        Assert.Equal("silo-1", attributes["service.instance.id"]);
        Assert.False(attributes.ContainsKey("service.version"));
        Assert.Equal("my-cluster", attributes["k8s.cluster.name"]);
    }

    [Fact]
    public void Resource_DeclarativeForm_IsRead()
    {
        var (options, warnings) = Read("""
            resource:
              attributes:
                - name: service.name
                  value: self
                - name: k8s.cluster.name
                  value: c1
              attributes_list: "team=obs,tier=gold%2Cplus"
              schema_url: https://opentelemetry.io/schemas/1.26.0
            """);
        Assert.Equal("self", options.Resource["service.name"]);
        Assert.Equal("c1", options.Resource["k8s.cluster.name"]);
        Assert.Equal("obs", options.Resource["team"]);
        Assert.Equal("gold,plus", options.Resource["tier"]);
        Assert.Single(warnings.All);
        Assert.Equal("orleans-scrape", SelfTelemetry.ResourceAttributes(new ServiceTelemetryOptions())["service.name"]);
        Assert.Equal("self", SelfTelemetry.ResourceAttributes(options)["service.name"]);
    }

    [Fact]
    public void Periodic_Defaults_AreTheSdkDefaults()
    {
        var (options, _) = Read("""
            metrics:
              readers:
                - periodic:
                    exporter:
                      otlp:
                        protocol: http/protobuf
                        endpoint: http://selfmon:4318
            """);
        var reader = Assert.IsType<PeriodicReaderOptions>(Assert.Single(options.Metrics.Readers));
        Assert.Equal(TimeSpan.FromMilliseconds(60000), reader.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(30000), reader.Timeout);
        Assert.Equal(OtlpSelfProtocol.HttpProtobuf, reader.Exporter.Protocol);
        Assert.Equal(SelfMetricsTemporality.Cumulative, reader.Exporter.Temporality);
        Assert.Equal(OtlpSelfCompression.None, reader.Exporter.Compression);
        Assert.Equal(TimeSpan.FromSeconds(10), reader.Exporter.Timeout);
        Assert.Empty(reader.Exporter.Headers);
        // An endpoint without a path posts to /v1/metrics, as the Collector's exporter does.
        Assert.Equal(new Uri("http://selfmon:4318/v1/metrics"), reader.Exporter.ResolveEndpoint());
    }

    [Fact]
    public void Periodic_EveryKey_IsRead()
    {
        var (options, _) = Read("""
            metrics:
              level: detailed
              readers:
                - periodic:
                    interval: 10000
                    timeout: 5000
                    exporter:
                      otlp:
                        protocol: http/protobuf
                        endpoint: http://selfmon-scraper:4318/custom/path
                        headers: {Authorization: "Api-Token abc", X-Team: obs}
                        compression: gzip
                        timeout: 2500
                        temporality_preference: delta
                - periodic:
                    exporter:
                      otlp:
                        protocol: grpc
                        endpoint: selfmon:4317
                        insecure: true
                        headers:
                          - name: authorization
                            value: "Bearer x"
                        temporality_preference: lowmemory
            """);
        Assert.Equal(SelfMetricsLevel.Detailed, options.Metrics.Level);
        var http = Assert.IsType<PeriodicReaderOptions>(options.Metrics.Readers[0]);
        Assert.Equal(TimeSpan.FromSeconds(10), http.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), http.Timeout);
        Assert.Equal(OtlpSelfCompression.Gzip, http.Exporter.Compression);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), http.Exporter.Timeout);
        Assert.Equal(SelfMetricsTemporality.Delta, http.Exporter.Temporality);
        Assert.Equal(
            [new("Authorization", "Api-Token abc"), new("X-Team", "obs")],
            http.Exporter.Headers);
        // A path of its own is kept as written.
        Assert.Equal(new Uri("http://selfmon-scraper:4318/custom/path"), http.Exporter.ResolveEndpoint());

        var grpc = Assert.IsType<PeriodicReaderOptions>(options.Metrics.Readers[1]);
        Assert.Equal(OtlpSelfProtocol.Grpc, grpc.Exporter.Protocol);
        Assert.Equal(SelfMetricsTemporality.LowMemory, grpc.Exporter.Temporality);
        Assert.Equal([new("authorization", "Bearer x")], grpc.Exporter.Headers);
        // No scheme: insecure makes it plain HTTP/2.
        Assert.Equal(new Uri("http://selfmon:4317"), grpc.Exporter.ResolveEndpoint());
    }

    [Fact]
    public void Periodic_NewerSchemaExporterNames_AreRead()
    {
        var (options, _) = Read("""
            metrics:
              readers:
                - periodic:
                    exporter:
                      otlp_http:
                        endpoint: https://selfmon:4318
                - periodic:
                    exporter:
                      otlp_grpc:
                        endpoint: https://selfmon:4317
            """);
        Assert.Equal(OtlpSelfProtocol.HttpProtobuf, ((PeriodicReaderOptions)options.Metrics.Readers[0]).Exporter.Protocol);
        Assert.Equal(OtlpSelfProtocol.Grpc, ((PeriodicReaderOptions)options.Metrics.Readers[1]).Exporter.Protocol);
        Assert.Equal(new Uri("https://selfmon:4318/v1/metrics"), ((PeriodicReaderOptions)options.Metrics.Readers[0]).Exporter.ResolveEndpoint());
    }

    [Fact]
    public void Periodic_WithoutProtocol_IsRefused()
    {
        var error = Refused("""
            metrics:
              readers:
                - periodic:
                    exporter:
                      otlp:
                        endpoint: http://selfmon:4318
            """);
        Assert.Contains("protocol is required", error.Message);
    }

    [Fact]
    public void Periodic_BadTemporality_IsRefusedAtItsLine()
    {
        var error = Refused("""
            metrics:
              readers:
                - periodic:
                    exporter:
                      otlp:
                        protocol: grpc
                        endpoint: http://selfmon:4317
                        temporality_preference: sometimes
            """);
        Assert.Equal(10, error.Line);
        Assert.Contains("must be delta, cumulative or lowmemory", error.Message);
    }

    [Fact]
    public void Periodic_NegativeInterval_IsAProblemAtItsKey()
    {
        var error = Refused("""
            metrics:
              readers:
                - periodic:
                    interval: -5
                    exporter:
                      otlp:
                        protocol: grpc
                        endpoint: http://selfmon:4317
            """);
        Assert.Equal(6, error.Line);
        Assert.Contains("interval: must be a positive number of milliseconds", error.Message);
    }

    [Fact]
    public void Periodic_BadEndpoint_IsAProblemAtItsKey()
    {
        var error = Refused("""
            metrics:
              readers:
                - periodic:
                    exporter:
                      otlp:
                        protocol: http/protobuf
                        endpoint: "http://"
            """);
        Assert.Equal(9, error.Line);
        Assert.Contains("endpoint", error.Message);
    }

    [Fact]
    public void Periodic_TlsFiles_AreRefusedByName()
    {
        var error = Refused("""
            metrics:
              readers:
                - periodic:
                    exporter:
                      otlp:
                        protocol: grpc
                        endpoint: https://selfmon:4317
                        certificate: /ca.pem
            """);
        Assert.Equal(10, error.Line);
        Assert.Contains("certificate is not supported", error.Message);
    }

    [Fact]
    public void Pull_Defaults_AreLocalhost8888()
    {
        var (options, _) = Read("""
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus: {}
            """);
        var pull = Assert.IsType<PrometheusPullReaderOptions>(Assert.Single(options.Metrics.Readers));
        Assert.Equal("localhost", pull.Host);
        Assert.Equal(8888, pull.Port);
        Assert.False(pull.WithoutTypeSuffix);
        Assert.False(pull.WithoutUnits);
        Assert.Null(pull.ResourceConstantLabels);
    }

    [Fact]
    public void Pull_EveryKey_IsRead()
    {
        var (options, warnings) = Read("""
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus:
                        host: 0.0.0.0
                        port: 9464
                        without_type_suffix: true
                        without_units: true
                        without_scope_info: true
                        with_resource_constant_labels:
                          included: [k8s.pod.name]
                - pull:
                    exporter:
                      prometheus/development:
                        host: "::1"
                        port: 9465
                        translation_strategy: NoTranslation
            """);
        var first = Assert.IsType<PrometheusPullReaderOptions>(options.Metrics.Readers[0]);
        Assert.Equal("0.0.0.0", first.Host);
        Assert.Equal(9464, first.Port);
        Assert.True(first.WithoutTypeSuffix);
        Assert.True(first.WithoutUnits);
        Assert.True(first.WithoutUnitsHonoured);
        Assert.True(first.WithoutScopeInfo);
        Assert.Equal(["k8s.pod.name"], first.ResourceConstantLabels!.Included);
        Assert.True(first.ResourceConstantLabels.Includes("k8s.pod.name"));
        Assert.False(first.ResourceConstantLabels.Includes("service.name"));
        var second = Assert.IsType<PrometheusPullReaderOptions>(options.Metrics.Readers[1]);
        Assert.Equal(PrometheusAspNetCoreTranslationStrategy.NoTranslation, second.TranslationStrategy);
        Assert.Empty(warnings.All);
    }

    [Fact]
    public void Pull_WithoutUnitsAlone_IsAcceptedWithAWarning()
    {
        var (options, warnings) = Read("""
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus:
                        without_units: true
            """);
        Assert.False(((PrometheusPullReaderOptions)options.Metrics.Readers[0]).WithoutUnitsHonoured);
        var warning = Assert.Single(warnings.All);
        Assert.Equal(8, warning.Line);
        Assert.Contains("cannot be honoured alone", warning.Message);
    }

    [Fact]
    public void Pull_BadHost_IsAProblemAtItsKey()
    {
        var error = Refused("""
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus:
                        host: collector.example
                        port: 8888
            """);
        Assert.Equal(8, error.Line);
        Assert.Contains("host: \"collector.example\" is not an IP address or localhost", error.Message);
    }

    [Fact]
    public void Pull_PortOutOfRange_IsAProblemAtItsKey()
    {
        var error = Refused("""
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus:
                        port: 70000
            """);
        Assert.Equal(8, error.Line);
        Assert.Contains("port: 70000 is not a port", error.Message);
    }

    [Fact]
    public void Reader_BothKinds_IsRefused()
    {
        var error = Refused("""
            metrics:
              readers:
                - periodic: {}
                  pull: {}
            """);
        Assert.Contains("periodic or pull, not both", error.Message);
    }

    [Fact]
    public void Reader_UnknownKind_IsRefusedAtItsLine()
    {
        var error = Refused("""
            metrics:
              readers:
                - push: {}
            """);
        Assert.Equal(5, error.Line);
        Assert.Contains("unknown key \"push\"", error.Message);
    }

    [Fact]
    public void DeprecatedAddress_BecomesAPullReader_WithAWarning()
    {
        var (options, warnings) = Read("metrics:\n  address: 127.0.0.1:9999");
        var pull = Assert.IsType<PrometheusPullReaderOptions>(Assert.Single(options.Metrics.Readers));
        Assert.Equal("127.0.0.1", pull.Host);
        Assert.Equal(9999, pull.Port);
        Assert.Contains("deprecated", Assert.Single(warnings.All).Message);
    }

    [Fact]
    public void TheBriefsExample_IsRead()
    {
        var warnings = new ConfigWarnings();
        var root = YamlDocument.Load("""
            service:
              telemetry:
                resource:
                  k8s.cluster.name: "my-cluster"
                  k8s.pod.name: "pod-a"
                logs:
                  level: info
                metrics:
                  level: detailed
                  readers:
                    - pull:
                        exporter:
                          prometheus:
                            host: 0.0.0.0
                            port: 8888
                            without_type_suffix: true
                            without_units: true
                    - periodic:
                        interval: 10000
                        timeout: 5000
                        exporter:
                          otlp:
                            protocol: http/protobuf
                            endpoint: http://selfmon-scraper:4318
                            headers: {Authorization: "Api-Token abc"}
                            temporality_preference: delta
            """, "collector.yaml", warnings);
        var options = ServiceTelemetryReader.Read(root.GetMapping("service")!.GetMapping("telemetry")!);
        Assert.Equal(2, options.Metrics.Readers.Count);
        Assert.Empty(warnings.All);
        Assert.Empty(options.Validate());
    }
}
