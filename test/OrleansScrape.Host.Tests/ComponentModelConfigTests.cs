using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.MetricStartTime;

namespace OrleansScrape.Host.Tests;

/// <summary>The Collector's component model: type names and aliases, type/name instances, empty bodies, unused components and several pipelines.</summary>
public sealed class ComponentModelConfigTests
{
    private static string Config(string processors = "", string pipelineProcessors = "", string extraExporters = "", string pipelines = "", string exporters = "[debug]") => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        processors:
        {{processors}}
        exporters:
          debug:
        {{extraExporters}}
        service:
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [{{pipelineProcessors}}]
              exporters: {{exporters}}
        {{pipelines}}
        """;

    private static OrleansScrapeSettings Read(string yaml) => OrleansScrapeConfigReader.Read(yaml, "test.yaml");

    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Read(yaml));

    [Theory]
    [InlineData("processors", "cumulative_to_delta", "cumulativetodelta")]
    [InlineData("processors", "k8s_attributes", "k8sattributes")]
    [InlineData("processors", "metric_start_time", "metricstarttime")]
    [InlineData("exporters", "otlp_http", "otlphttp")]
    [InlineData("exporters", "otlp_grpc", "otlp")]
    public void A_component_is_known_by_its_current_name_and_its_legacy_alias(string section, string current, string legacy)
    {
        var kind = section == "processors" ? ComponentKind.Processor : ComponentKind.Exporter;
        var byCurrent = OrleansScrapeComponents.Registry.Find(kind, current);
        Assert.NotNull(byCurrent);
        Assert.Equal(current, byCurrent.Type);
        Assert.Same(byCurrent, OrleansScrapeComponents.Registry.Find(kind, legacy));
        Assert.Contains(legacy, byCurrent.Aliases);
    }

    [Fact]
    public void A_legacy_alias_works_with_a_warning_naming_the_current_name()
    {
        var settings = Read(Config(processors: "  cumulativetodelta:\n    max_staleness: 5m", pipelineProcessors: "cumulativetodelta"));

        var delta = Assert.Single(settings.Pipelines.Single().Processors);
        Assert.Equal("cumulativetodelta", delta.Id.ToString());
        Assert.Equal(TimeSpan.FromMinutes(5), delta.OptionsAs<CumulativeToDeltaOptions>().MaxStaleness);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains("\"cumulativetodelta\" is deprecated: it is now named \"cumulative_to_delta\"", warning.Message);
        Assert.Equal(7, warning.Line);
    }

    [Fact]
    public void A_current_name_gives_no_warning() =>
        Assert.Empty(Read(Config(processors: "  cumulative_to_delta:", pipelineProcessors: "cumulative_to_delta")).Warnings);

    [Fact]
    public void A_component_with_an_empty_body_takes_its_defaults()
    {
        var settings = Read(Config(processors: "  metric_start_time:\n  cumulative_to_delta: {}", pipelineProcessors: "metric_start_time, cumulative_to_delta"));

        var processors = settings.Pipelines.Single().Processors;
        Assert.Equal(new MetricStartTimeOptions(), processors[0].OptionsAs<MetricStartTimeOptions>());
        Assert.Equal(new CumulativeToDeltaOptions(), processors[1].OptionsAs<CumulativeToDeltaOptions>());
    }

    [Fact]
    public void Several_instances_of_one_type_are_told_apart_by_name_and_run_in_pipeline_order()
    {
        var settings = Read(Config(
            processors: "  transform/first:\n    metric_statements:\n      - context: resource\n        statements: ['set(attributes[\"a\"], \"1\")']\n  transform:\n    metric_statements:\n      - context: resource\n        statements: ['set(attributes[\"b\"], \"2\")']\n  batch:",
            pipelineProcessors: "transform/first, transform, batch"));

        Assert.Equal(["transform/first", "transform", "batch"], settings.Pipelines.Single().Processors.Select(p => p.Id.ToString()));
        Assert.Equal(("transform", "first"), (settings.Pipelines.Single().Processors[0].Id.Type, settings.Pipelines.Single().Processors[0].Id.Name));
    }

    [Fact]
    public void Unused_components_are_ignored_with_one_warning_naming_them()
    {
        var settings = Read(Config(processors: "  batch:", extraExporters: "  otlp_http/unused:\n    endpoint: http://127.0.0.1:1\n    no_such_key: 1\n  kafka: {}"));

        Assert.Equal(["debug"], settings.Exporters.Select(e => e.Id.ToString()));
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains("used by no pipeline", warning.Message);
        Assert.Contains("processors.batch", warning.Message);
        Assert.Contains("exporters.otlp_http/unused", warning.Message);
        Assert.Contains("exporters.kafka", warning.Message);
    }

    [Fact]
    public void An_unknown_key_inside_a_used_component_is_refused_at_its_line()
    {
        var e = Refused(Config(processors: "  cumulative_to_delta:\n    max_stalenes: 5m", pipelineProcessors: "cumulative_to_delta"));
        Assert.Equal(8, e.Line);
        Assert.Contains("unknown key \"max_stalenes\"", e.Reason);
    }

    [Fact]
    public void An_invalid_value_is_refused_at_the_key_its_options_name()
    {
        var e = Refused(Config(processors: "  cumulative_to_delta:\n    max_staleness: -5m", pipelineProcessors: "cumulative_to_delta"));
        Assert.Equal(8, e.Line);
        Assert.Contains("max_staleness: must not be negative", e.Reason);
    }

    [Fact]
    public void An_unsupported_type_is_refused_with_the_registrys_list()
    {
        var e = Refused(Config(extraExporters: "  kafka: {}", exporters: "[debug, kafka]"));

        Assert.Contains("exporter type \"kafka\" is not supported (supported: ", e.Reason);
        foreach (var type in OrleansScrapeComponents.Registry.Types(ComponentKind.Exporter))
        {
            Assert.Contains(type, e.Reason);
        }
        Assert.Contains("otlphttp", e.Reason);
    }

    [Fact]
    public void The_supported_lists_come_from_the_registry_for_every_kind()
    {
        foreach (var kind in new[] { ComponentKind.Receiver, ComponentKind.Processor, ComponentKind.Exporter, ComponentKind.Extension })
        {
            var supported = OrleansScrapeComponents.Registry.Supported(kind);
            Assert.All(OrleansScrapeComponents.Registry.Types(kind), type => Assert.Contains(type, supported));
        }
    }

    [Fact]
    public void Several_pipelines_share_a_receiver_and_an_exporter()
    {
        var settings = Read(Config(
            processors: "  cumulative_to_delta:\n  batch:",
            pipelineProcessors: "batch",
            pipelines: "    metrics/deltas:\n      receivers: [otlp]\n      processors: [cumulative_to_delta]\n      exporters: [debug]"));

        Assert.Equal(["metrics", "metrics/deltas"], settings.Pipelines.Select(p => p.Name));
        Assert.Equal(["otlp"], settings.Receivers.Select(r => r.Id.ToString()));
        Assert.Equal(["debug"], settings.Exporters.Select(e => e.Id.ToString()));
        Assert.Equal(["metrics", "metrics/deltas"], settings.PipelinesOf(settings.Receivers[0].Id));
        Assert.Same(settings.Pipelines[0].Receivers[0], settings.Pipelines[1].Receivers[0]);
    }

    [Fact]
    public void A_pipeline_of_another_signal_is_refused()
    {
        var e = Refused(Config(pipelines: "    traces:\n      receivers: [otlp]\n      exporters: [debug]"));
        Assert.Contains("OrleansScrape carries metrics only", e.Reason);
    }

    [Fact]
    public void A_pipeline_naming_a_component_twice_is_refused()
    {
        var e = Refused(Config(exporters: "[debug, debug]"));
        Assert.Contains("names \"debug\" twice", e.Reason);
    }

    [Fact]
    public void A_component_id_with_an_empty_name_is_refused()
    {
        var e = Refused(Config(extraExporters: "  otlp_http/:\n    endpoint: http://127.0.0.1:1", exporters: "[debug, otlp_http/]"));
        Assert.Contains("is not a valid name", e.Reason);
    }

    [Fact]
    public void Job_names_must_be_unique_across_prometheus_receivers()
    {
        var e = Refused("""
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: app
                      static_configs: [{targets: ['127.0.0.1:1']}]
              prometheus/other:
                config:
                  scrape_configs:
                    - job_name: app
                      static_configs: [{targets: ['127.0.0.1:2']}]
            exporters:
              debug:
            service:
              pipelines:
                metrics:
                  receivers: [prometheus, prometheus/other]
                  exporters: [debug]
            """);
        Assert.Contains("job_name \"app\" is used by receivers prometheus and prometheus/other", e.Reason);
        Assert.Equal(7, e.Line);
    }

    [Fact]
    public void Jobs_of_two_prometheus_receivers_are_scraped_and_each_feeds_its_receivers_pipelines()
    {
        var settings = Read("""
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: app
                      static_configs: [{targets: ['127.0.0.1:1']}]
              prometheus/self:
                config:
                  scrape_configs:
                    - job_name: self
                      static_configs: [{targets: ['127.0.0.1:2']}]
            exporters:
              debug:
            service:
              pipelines:
                metrics:
                  receivers: [prometheus]
                  exporters: [debug]
                metrics/self:
                  receivers: [prometheus/self]
                  exporters: [debug]
            """);

        Assert.Equal(["app", "self"], settings.Prometheus.ScrapeConfigs.Select(j => j.JobName));
        Assert.Equal(["metrics"], settings.PipelinesOf(settings.JobReceivers["app"]));
        Assert.Equal(["metrics/self"], settings.PipelinesOf(settings.JobReceivers["self"]));
    }

    [Fact]
    public void A_receiver_with_target_allocator_is_read_and_the_block_reported_as_having_no_effect()
    {
        var settings = Read("""
            receivers:
              prometheus:
                config: {}
                target_allocator:
                  collector_id: ${env:ORLEANS_SCRAPE_TEST_POD_NAME:-pod-0}
                  endpoint: http://allocator
                  interval: 15s
            exporters:
              debug:
            service:
              pipelines:
                metrics:
                  receivers: [prometheus]
                  exporters: [debug]
            """);

        Assert.Empty(settings.Prometheus.ScrapeConfigs);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains("receivers.prometheus.target_allocator has no effect", warning.Message);
        Assert.Equal(4, warning.Line);
    }
}
