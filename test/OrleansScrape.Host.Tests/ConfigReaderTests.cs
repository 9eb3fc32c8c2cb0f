using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class ConfigReaderTests
{
    private const string Valid = """
        receivers:
          prometheus:
            config:
              global:
                scrape_interval: 30s
              scrape_configs:
                - job_name: node
                  scrape_interval: 10s
                  static_configs:
                    - targets: ['10.0.0.1:9100', '10.0.0.2:9100']
                      labels:
                        team: infra
                - job_name: app
                  metrics_path: /internal/metrics
                  scheme: https
                  static_configs:
                    - targets: ['app:8443']
        processors:
          cumulativetodelta:
            max_staleness: 10m
            initial_value: drop
          batch:
            send_batch_size: 5000
            timeout: 2s
        exporters:
          otlphttp/dynatrace:
            endpoint: https://example.invalid/api/v2/otlp
            headers:
              Authorization: Api-Token abc
            compression: none
            timeout: 15s
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp/dynatrace, debug]
        orleans:
          role: gateway
          http:
            port: 9091
        """;

    private static ConfigException Refused(string yaml) =>
        Assert.Throws<ConfigException>(() => OrleansScrapeConfigReader.Read(yaml, "test.yaml"));

    [Fact]
    public void ValidConfig_IsReadWithEveryValue()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid, "test.yaml");

        Assert.Equal(TimeSpan.FromSeconds(30), settings.Prometheus.Global.ScrapeInterval);
        var node = settings.Prometheus.ScrapeConfigs[0];
        Assert.Equal("node", node.JobName);
        Assert.Equal(TimeSpan.FromSeconds(10), node.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), node.ScrapeTimeout);
        Assert.Equal(["10.0.0.1:9100", "10.0.0.2:9100"], node.StaticConfigs[0].Targets);
        Assert.Equal("infra", node.StaticConfigs[0].Labels["team"]);
        var app = settings.Prometheus.ScrapeConfigs[1];
        Assert.Equal(TimeSpan.FromSeconds(30), app.ScrapeInterval);
        Assert.Equal("/internal/metrics", app.MetricsPath);
        Assert.Equal("https", app.Scheme);

        var processors = settings.Pipelines.Single().Processors;
        Assert.Equal(["cumulativetodelta", "batch"], processors.Select(p => p.Id.ToString()));
        var delta = processors[0].OptionsAs<CumulativeToDeltaOptions>();
        Assert.Equal(TimeSpan.FromMinutes(10), delta.MaxStaleness);
        Assert.Equal(InitialValueMode.Drop, delta.InitialValue);
        var batch = processors[1].OptionsAs<OrleansScrape.Otlp.Pipeline.BatchProcessorOptions>();
        Assert.Equal(5000, batch.SendBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), batch.Timeout);

        Assert.Equal(["otlphttp/dynatrace", "debug"], settings.Exporters.Select(e => e.Id.ToString()));
        var otlp = settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>();
        Assert.Equal(new Uri("https://example.invalid/api/v2/otlp"), otlp.Endpoint);
        Assert.Equal("Api-Token abc", otlp.Headers["Authorization"]);
        Assert.Equal(OtlpCompression.None, otlp.Compression);
        Assert.Equal(TimeSpan.FromSeconds(15), otlp.Helper.Timeout);
        Assert.Equal("debug", settings.Exporters[1].Factory.Type);

        Assert.Equal("gateway", settings.Orleans.Role);
        Assert.Equal(9091, settings.Orleans.HttpPort);
    }

    [Fact]
    public void RetryOnFailureAndSendingQueue_ConfigureTheExportersSenderChain()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("    timeout: 15s", """
                timeout: 15s
                retry_on_failure:
                  initial_interval: 2s
                  max_interval: 20s
                  max_elapsed_time: 2m
                  multiplier: 2
                sending_queue:
                  num_consumers: 4
                  queue_size: 500
            """), "test.yaml");

        var delivery = Delivery(settings);
        Assert.Equal(TimeSpan.FromSeconds(2), delivery.Retry.InitialInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), delivery.Retry.MaxInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), delivery.Retry.MaxElapsedTime);
        Assert.Equal(2.0, delivery.Retry.Multiplier);
        Assert.Equal(4, delivery.Queue.NumConsumers);
        Assert.Equal(500, delivery.Queue.QueueSize);
    }

    [Fact]
    public void DynatracePreset_SetsTheBackendLimitsAndCapsTheRequestPoints()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid
            .Replace("    timeout: 15s", "    timeout: 15s\n    preset: dynatrace\n    max_attributes_per_point: 40")
            .Replace("send_batch_size: 5000", "send_batch_size: 20000"), "test.yaml");

        var limits = settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>().Limits;
        Assert.Equal(4 * 1024 * 1024, limits.MaxRequestBytes);
        Assert.Equal(40, limits.MaxAttributesPerPoint);
        Assert.True(limits.SummariesAsGauges);
        Assert.Equal(15_000, limits.MaxPointsPerRequest);
    }

    [Fact]
    public void OtlpGrpcAndFileExporters_AreRead()
    {
        var yaml = Valid
            .Replace("  debug: {}", "  debug: {}\n  otlp:\n    endpoint: collector:4317\n    tls:\n      insecure: true\n    compression: none\n  file:\n    path: out/metrics.jsonl\n    rotation:\n      max_megabytes: 10\n      max_backups: 3")
            .Replace("exporters: [otlphttp/dynatrace, debug]", "exporters: [otlphttp/dynatrace, debug, otlp, file]");

        var settings = OrleansScrapeConfigReader.Read(yaml, Path.Combine(Path.GetTempPath(), "config", "test.yaml"));

        var grpc = settings.Exporters[2].OptionsAs<OrleansScrape.Otlp.Exporters.OtlpGrpc.OtlpGrpcExporterConfig>();
        Assert.Equal(new Uri("http://collector:4317"), grpc.ToTransportOptions().Address);
        Assert.False(grpc.Gzip);
        var file = settings.Exporters[3].OptionsAs<OrleansScrape.Otlp.Exporters.File.FileExporterConfig>();
        Assert.Equal(Path.Combine(Path.GetTempPath(), "config", "out/metrics.jsonl"), file.Path);
        Assert.Equal(10, file.MaxMegabytes);
        Assert.Equal(3, file.MaxBackups);
    }

    [Fact]
    public void GatewayProcessors_AreReadInPipelineOrder()
    {
        var yaml = Valid
            .Replace("processors:\n  cumulativetodelta:", "processors:\n  metric_start_time:\n    strategy: subtract_initial_point\n  filter/drop-go:\n    metrics:\n      exclude:\n        match_type: regexp\n        metric_names: ['^go_']\n  cumulativetodelta:")
            .Replace("processors: [cumulativetodelta, batch]", "processors: [filter/drop-go, metric_start_time, cumulativetodelta, batch]");

        var settings = OrleansScrapeConfigReader.Read(yaml, "test.yaml");

        var processors = settings.Pipelines.Single().Processors;
        Assert.Equal(["filter/drop-go", "metric_start_time", "cumulativetodelta", "batch"], processors.Select(p => p.Id.ToString()));
        Assert.Equal(OrleansScrape.Processing.MetricStartTime.StartTimeStrategy.SubtractInitialPoint,
            processors[1].OptionsAs<OrleansScrape.Processing.MetricStartTime.MetricStartTimeOptions>().Strategy);
    }

    [Fact]
    public void MemoryLimiter_IsRead()
    {
        var yaml = Valid
            .Replace("processors:\n  cumulativetodelta:", "processors:\n  memory_limiter:\n    check_interval: 2s\n    limit_mib: 1500\n    spike_limit_mib: 300\n  cumulativetodelta:")
            .Replace("processors: [cumulativetodelta, batch]", "processors: [memory_limiter, cumulativetodelta, batch]");

        var settings = OrleansScrapeConfigReader.Read(yaml, "test.yaml");

        var limiter = settings.ProcessorOptions<OrleansScrape.Processing.MemoryLimiter.MemoryLimiterOptions>().Single();
        Assert.Equal(1500, limiter.LimitMiB);
        Assert.Equal(300, limiter.SpikeLimitMiB);
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.CheckInterval);
    }

    [Fact]
    public void MemoryLimiter_WithoutALimit_IsRefused()
    {
        var e = Refused(Valid
            .Replace("processors:\n  cumulativetodelta:", "processors:\n  memory_limiter:\n    check_interval: 2s\n  cumulativetodelta:")
            .Replace("processors: [cumulativetodelta, batch]", "processors: [memory_limiter, cumulativetodelta, batch]"));
        Assert.Contains("limit_mib or limit_percentage must be set", e.Reason);
    }

    [Fact]
    public void SiloPorts_ListenOnTheAdvertisedAddressOnly_UnlessAllAddressesAreAsked()
    {
        Assert.False(OrleansScrapeConfigReader.Read(Valid, "test.yaml").Orleans.ListenOnAllAddresses);
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("  role: gateway", "  role: gateway\n  endpoints:\n    advertised_address: 10.1.2.3\n    listen_on_all_addresses: true"), "test.yaml");
        Assert.True(settings.Orleans.ListenOnAllAddresses);
        Assert.Equal("10.1.2.3", settings.Orleans.AdvertisedAddress);
    }

    [Fact]
    public void AdvertisedAddressThatIsNoIp_IsRefused()
    {
        var e = Refused(Valid.Replace("  role: gateway", "  role: gateway\n  endpoints:\n    advertised_address: gateway-0.example"));
        Assert.Contains("must be an IP address", e.Reason);
    }

    [Fact]
    public void UnknownPreset_IsRefused()
    {
        var e = Refused(Valid.Replace("    timeout: 15s", "    timeout: 15s\n    preset: splunk"));
        Assert.Contains("\"splunk\" is not a known preset (known: dynatrace)", e.Reason);
    }

    [Fact]
    public void RetryOnFailure_Defaults_AreTheCollectors()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid, "test.yaml");

        var delivery = Delivery(settings);
        Assert.Equal(TimeSpan.FromSeconds(5), delivery.Retry.InitialInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), delivery.Retry.MaxInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), delivery.Retry.MaxElapsedTime);
        Assert.Equal(1000, delivery.Queue.QueueSize);
        Assert.Equal(10, delivery.Queue.NumConsumers);
    }

    [Fact]
    public void RetryOnFailure_Disabled_GivesUpAtTheFirstFailure()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("    timeout: 15s", "    timeout: 15s\n    retry_on_failure:\n      enabled: false"), "test.yaml");
        Assert.False(Delivery(settings).Retry.Enabled);
    }

    [Fact]
    public void PersistentSendingQueue_WithoutItsFileStorageExtension_IsRefused()
    {
        var e = Refused(Valid.Replace("    timeout: 15s", "    timeout: 15s\n    sending_queue:\n      storage: file_storage"));
        Assert.Contains("persistent queue", e.Reason);
    }

    [Fact]
    public void UnknownTopLevelKey_IsRefusedWithFileLineAndReason()
    {
        var e = Refused(Valid + "\nconnectors: {}\n");
        Assert.Equal("test.yaml", e.File);
        Assert.Equal(Valid.Split('\n').Length + 1, e.Line);
        Assert.Contains("unknown key \"connectors\"", e.Message);
        Assert.StartsWith($"test.yaml:{e.Line}:", e.Message);
    }

    [Fact]
    public void UnknownExporterKey_IsRefusedWithItsLine()
    {
        var e = Refused(Valid.Replace("    compression: none", "    compresion: none"));
        Assert.Equal(LineOf(Valid, "compression: none"), e.Line);
        Assert.Contains("unknown key \"compresion\"", e.Message);
    }

    [Fact]
    public void UnknownScrapeConfigKey_IsRefused()
    {
        var e = Refused(Valid.Replace("          metrics_path: /internal/metrics", "          metric_path: /internal/metrics"));
        Assert.Contains("unknown key \"metric_path\"", e.Message);
    }

    [Fact]
    public void UnsupportedPrometheusField_IsRefusedByName()
    {
        var e = Refused(Valid.Replace("          scheme: https", "          scheme: https\n          dns_sd_configs: []"));
        Assert.Contains("dns_sd_configs", e.Reason);
        Assert.Contains("not support", e.Reason);
    }

    [Fact]
    public void PipelineNamingAnUndefinedComponent_IsRefused()
    {
        var e = Refused(Valid.Replace("exporters: [otlphttp/dynatrace, debug]", "exporters: [otlphttp/dynatrace, debug, otlphttp/missing]"));
        Assert.Contains("\"otlphttp/missing\", which is not defined", e.Reason);
    }

    [Fact]
    public void UnsupportedComponentType_IsRefused()
    {
        var e = Refused(Valid.Replace("  debug: {}", "  debug: {}\n  kafka: {}").Replace("exporters: [otlphttp/dynatrace, debug]", "exporters: [otlphttp/dynatrace, debug, kafka]"));
        Assert.Contains("exporter type \"kafka\" is not supported", e.Reason);
    }

    [Fact]
    public void DefinedButUnusedComponent_IsIgnoredWithAWarning()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("exporters: [otlphttp/dynatrace, debug]", "exporters: [debug]"), "test.yaml");
        Assert.Equal(["debug"], settings.Exporters.Select(e => e.Id.ToString()));
        Assert.Contains("exporters.otlphttp/dynatrace", Assert.Single(settings.Warnings, w => w.Message.Contains("used by no pipeline")).Message);
    }

    [Fact]
    public void ScrapeTimeoutGreaterThanInterval_IsRefused()
    {
        var e = Refused(Valid.Replace("          scrape_interval: 10s", "          scrape_interval: 10s\n          scrape_timeout: 20s"));
        Assert.Contains("scrape timeout greater than scrape interval", e.Reason);
    }

    [Fact]
    public void InvalidDuration_IsRefusedWithItsLine()
    {
        var e = Refused(Valid.Replace("max_staleness: 10m", "max_staleness: ten minutes"));
        Assert.Equal(LineOf(Valid, "max_staleness: 10m"), e.Line);
        Assert.Contains("is not a duration", e.Reason);
    }

    [Fact]
    public void DuplicateJobName_IsRefused()
    {
        var e = Refused(Valid.Replace("job_name: app", "job_name: node"));
        Assert.Contains("multiple scrape configs with job name \"node\"", e.Reason);
    }

    [Fact]
    public void UnknownRole_IsRefused()
    {
        var e = Refused(Valid.Replace("role: gateway", "role: scrapper"));
        Assert.Contains("role \"scrapper\" must be one of scraper, gateway, all", e.Reason);
    }

    [Fact]
    public void InvalidYaml_IsRefusedWithItsLine()
    {
        var e = Refused("receivers:\n  prometheus: [\n");
        Assert.True(e.Line > 0);
        Assert.Contains("invalid YAML", e.Reason);
    }

    [Fact]
    public void TargetWithScheme_IsRefused()
    {
        var e = Refused(Valid.Replace("'app:8443'", "'https://app:8443/metrics'"));
        Assert.Contains("not a valid hostname", e.Reason);
    }

    [Fact]
    public void EnvironmentReference_IsExpanded()
    {
        Environment.SetEnvironmentVariable("ORLEANS_SCRAPE_TEST_TOKEN", "secret-token");
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("Api-Token abc", "Api-Token ${env:ORLEANS_SCRAPE_TEST_TOKEN}"), "test.yaml");
        Assert.Equal("Api-Token secret-token", settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>().Headers["Authorization"]);
    }

    [Fact]
    public void UnsetEnvironmentReference_ExpandsToEmptyWithAWarning()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("Api-Token abc", "Api-Token ${env:ORLEANS_SCRAPE_TEST_UNSET_VARIABLE}"), "test.yaml");
        Assert.Equal("Api-Token ", settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>().Headers["Authorization"]);
        var warning = Assert.Single(settings.Warnings, w => w.Message.Contains("environment variable"));
        Assert.Contains("environment variable ORLEANS_SCRAPE_TEST_UNSET_VARIABLE is not set", warning.Message);
        Assert.StartsWith("test.yaml:", warning.ToString());
    }

    [Fact]
    public void EnvironmentReference_WithFallback_TakesTheFallbackWhenUnset()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("Api-Token abc", "Api-Token ${env:ORLEANS_SCRAPE_TEST_UNSET_VARIABLE:-fallback}"), "test.yaml");
        Assert.Equal("Api-Token fallback", settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>().Headers["Authorization"]);
        Assert.DoesNotContain(settings.Warnings, w => w.Message.Contains("environment variable"));
    }

    [Fact]
    public void DoubleDollar_IsALiteralDollar()
    {
        var settings = OrleansScrapeConfigReader.Read(Valid.Replace("Api-Token abc", "Api-Token a$$b"), "test.yaml");
        Assert.Equal("Api-Token a$b", settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>().Headers["Authorization"]);
    }

    [Fact]
    public void EmbeddedDefault_ScrapesItsOwnMetricsEvery15sWithTheDebugExporter()
    {
        var settings = EmbeddedDefaultConfig.Load(8080);
        var job = Assert.Single(settings.Prometheus.ScrapeConfigs);
        Assert.Equal(TimeSpan.FromSeconds(15), job.ScrapeInterval);
        Assert.Equal("127.0.0.1:8080", Assert.Single(Assert.Single(job.StaticConfigs).Targets));
        Assert.Equal("debug", Assert.Single(settings.Exporters).Factory.Type);
        Assert.Equal("all", settings.Orleans.Role);
        Assert.Equal(ClusteringProvider.Localhost, settings.Orleans.Clustering);
        Assert.Equal(GrainStorageProvider.Memory, settings.Orleans.Storage);
        Assert.Equal("127.0.0.1", settings.Orleans.HttpAddress);
    }

    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    public void GoDuration_ParsesCollectorDurations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("100ms", 100)]
    [InlineData("1d", 86_400_000)]
    public void PrometheusDuration_ParsesPrometheusDurations(string text, long milliseconds)
    {
        Assert.True(PrometheusDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("1.5s")]
    [InlineData("30m1h")]
    [InlineData("10")]
    [InlineData("s")]
    public void PrometheusDuration_RejectsWhatPrometheusRejects(string text)
    {
        Assert.False(PrometheusDuration.TryParse(text, out _));
    }

    private static OrleansScrape.Otlp.Exporters.Helper.ExporterHelperOptions Delivery(OrleansScrapeSettings settings) =>
        settings.Exporters[0].OptionsAs<OtlpHttpExporterConfig>().Helper;

    private static int LineOf(string text, string fragment) =>
        text.Split('\n').Select((line, index) => (line, index)).First(x => x.line.Contains(fragment)).index + 1;
}
