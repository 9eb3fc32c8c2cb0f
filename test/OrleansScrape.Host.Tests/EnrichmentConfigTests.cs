using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Processing.KubernetesAttributes;
using OrleansScrape.Processing.Transform;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary>The seed's gateway processors (k8s_attributes and transform of tier2-gateway) in a configuration file.</summary>
public sealed class EnrichmentConfigTests
{
    /// <summary>The processors of the seed's reference gateway values, with its receiver and exporter reduced to local ones.</summary>
    public const string SeedGateway = """"
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: "127.0.0.1:4317"
              http:
                endpoint: "127.0.0.1:4318"
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 95
            spike_limit_percentage: 5
          metric_start_time:
          cumulativetodelta:
            max_staleness: 10m
            initial_value: drop
          k8s_attributes:
            extract:
              annotations:
                - from: pod
                  key_regex: metadata.dynatrace.com/(.*)
                  tag_name: $$1
                - from: pod
                  key: metadata.dynatrace.com
                  tag_name: metadata.dynatrace.com
              metadata:
                - k8s.pod.name
                - k8s.pod.uid
                - k8s.pod.ip
                - k8s.deployment.name
                - k8s.replicaset.name
                - k8s.statefulset.name
                - k8s.daemonset.name
                - k8s.job.name
                - k8s.cronjob.name
                - k8s.namespace.name
                - k8s.node.name
                - k8s.cluster.uid
                - k8s.container.name
                - k8s.deployment.uid
                - k8s.replicaset.uid
                - k8s.statefulset.uid
                - k8s.daemonset.uid
                - k8s.job.uid
                - k8s.cronjob.uid
            pod_association:
              - sources:
                  - from: resource_attribute
                    name: server.address
              - sources:
                  - from: resource_attribute
                    name: k8s.pod.name
                  - from: resource_attribute
                    name: k8s.namespace.name
              - sources:
                  - from: resource_attribute
                    name: k8s.pod.ip
              - sources:
                  - from: resource_attribute
                    name: k8s.pod.uid
              - sources:
                  - from: connection
          transform:
            metric_statements:
              - context: datapoint
                statements:
                        - set(attributes["http.request.method"], attributes["http_request_method"]) where attributes["http_request_method"] != nil
                        - delete_key(attributes, "http_request_method")
                        - set(attributes["http.response.status_code"], attributes["http_response_status_code"]) where attributes["http_response_status_code"] != nil
                        - delete_key(attributes, "http_response_status_code")
                        - set(attributes["network.protocol.name"], attributes["network_protocol_name"]) where attributes["network_protocol_name"] != nil
                        - delete_key(attributes, "network_protocol_name")
                        - set(attributes["network.protocol.version"], attributes["network_protocol_version"]) where attributes["network_protocol_version"] != nil
                        - delete_key(attributes, "network_protocol_version")
                        - set(attributes["rpc.method"], attributes["rpc_method"]) where attributes["rpc_method"] != nil
                        - delete_key(attributes, "rpc_method")
                        - set(attributes["rpc.response.status_code"], attributes["rpc_response_status_code"]) where attributes["rpc_response_status_code"] != nil
                        - delete_key(attributes, "rpc_response_status_code")
                        - set(attributes["rpc.system.name"], attributes["rpc_system_name"]) where attributes["rpc_system_name"] != nil
                        - delete_key(attributes, "rpc_system_name")
                        - set(attributes["server.address"], attributes["server_address"]) where attributes["server_address"] != nil
                        - delete_key(attributes, "server_address")
                        - set(attributes["server.port"], attributes["server_port"]) where attributes["server_port"] != nil
                        - delete_key(attributes, "server_port")
                        - set(attributes["url.scheme"], attributes["url_scheme"]) where attributes["url_scheme"] != nil
                        - delete_key(attributes, "url_scheme")
              - context: resource
                statements:
                        - set(attributes["k8s.workload.name"], attributes["k8s.statefulset.name"]) where IsString(attributes["k8s.statefulset.name"])
                        - set(attributes["k8s.workload.name"], attributes["k8s.replicaset.name"]) where IsString(attributes["k8s.replicaset.name"])
                        - set(attributes["k8s.workload.name"], attributes["k8s.job.name"]) where IsString(attributes["k8s.job.name"])
                        - set(attributes["k8s.workload.name"], attributes["k8s.deployment.name"]) where IsString(attributes["k8s.deployment.name"])
                        - set(attributes["k8s.workload.name"], attributes["k8s.daemonset.name"]) where IsString(attributes["k8s.daemonset.name"])
                        - set(attributes["k8s.workload.name"], attributes["k8s.cronjob.name"]) where IsString(attributes["k8s.cronjob.name"])
                        - set(attributes["k8s.workload.kind"], "statefulset") where IsString(attributes["k8s.statefulset.name"])
                        - set(attributes["k8s.workload.kind"], "replicaset") where IsString(attributes["k8s.replicaset.name"])
                        - set(attributes["k8s.workload.kind"], "job") where IsString(attributes["k8s.job.name"])
                        - set(attributes["k8s.workload.kind"], "deployment") where IsString(attributes["k8s.deployment.name"])
                        - set(attributes["k8s.workload.kind"], "daemonset") where IsString(attributes["k8s.daemonset.name"])
                        - set(attributes["k8s.workload.kind"], "cronjob") where IsString(attributes["k8s.cronjob.name"])
                        - set(attributes["k8s.workload.uid"], attributes["k8s.statefulset.uid"]) where IsString(attributes["k8s.statefulset.uid"])
                        - set(attributes["k8s.workload.uid"], attributes["k8s.replicaset.uid"]) where IsString(attributes["k8s.replicaset.uid"])
                        - set(attributes["k8s.workload.uid"], attributes["k8s.job.uid"]) where IsString(attributes["k8s.job.uid"])
                        - set(attributes["k8s.workload.uid"], attributes["k8s.deployment.uid"]) where IsString(attributes["k8s.deployment.uid"])
                        - set(attributes["k8s.workload.uid"], attributes["k8s.daemonset.uid"]) where IsString(attributes["k8s.daemonset.uid"])
                        - set(attributes["k8s.workload.uid"], attributes["k8s.cronjob.uid"]) where IsString(attributes["k8s.cronjob.uid"])
                        - delete_key(attributes, "k8s.statefulset.name")
                        - delete_key(attributes, "k8s.replicaset.name")
                        - delete_key(attributes, "k8s.job.name")
                        - delete_key(attributes, "k8s.deployment.name")
                        - delete_key(attributes, "k8s.daemonset.name")
                        - delete_key(attributes, "k8s.cronjob.name")
                        - delete_key(attributes, "k8s.statefulset.uid")
                        - delete_key(attributes, "k8s.replicaset.uid")
                        - delete_key(attributes, "k8s.job.uid")
                        - delete_key(attributes, "k8s.deployment.uid")
                        - delete_key(attributes, "k8s.daemonset.uid")
                        - delete_key(attributes, "k8s.cronjob.uid")
              - context: resource
                statements:
                  - delete_key(attributes, "processor")
                  - delete_key(attributes, "otel.signal")
                  - delete_key(attributes, "otel.scope.name")
                  - delete_key(attributes, "otel.scope.version")
              - context: resource
                statements:
                  - set(attributes["k8s.cluster.name"], "${env:K8S_CLUSTER_NAME}") where attributes["k8s.cluster.name"] == nil and Len("${env:K8S_CLUSTER_NAME}") > 0
                  - set(attributes["dt.entity.kubernetes_cluster"], "${env:DT_ENTITY_KUBERNETES_CLUSTER}") where attributes["dt.entity.kubernetes_cluster"] == nil and Len("${env:DT_ENTITY_KUBERNETES_CLUSTER}") > 0
              - context: resource
                statements:
                  - merge_maps(attributes, ParseJSON(attributes["metadata.dynatrace.com"]), "upsert") where IsMatch(attributes["metadata.dynatrace.com"], "^\\{")
                  - delete_key(attributes, "metadata.dynatrace.com")
        exporters:
          otlphttp:
            endpoint: https://example.invalid/api/v2/otlp
        service:
          pipelines:
            metrics:
              receivers:
                - otlp
              processors:
                - memory_limiter
                - metric_start_time
                - cumulativetodelta
                - k8s_attributes
                - transform
              exporters:
                - otlphttp
        """";

    static EnrichmentConfigTests()
    {
        // The seed's statements reference these; the gateway's pods set them.
        Environment.SetEnvironmentVariable("K8S_CLUSTER_NAME", "prod");
        Environment.SetEnvironmentVariable("DT_ENTITY_KUBERNETES_CLUSTER", "KUBERNETES_CLUSTER-1");
    }

    [Fact]
    public void Seed_gateway_processors_load_in_their_order()
    {
        var settings = OrleansScrapeConfigReader.Read(SeedGateway, "gateway.yaml");

        Assert.Equal(["memory_limiter", "metric_start_time", "cumulativetodelta", "k8s_attributes", "transform"], settings.Pipelines.Single().Processors.Select(p => p.Id.Type));
        var k8s = settings.ProcessorOptions<KubernetesAttributesOptions>().Single();
        Assert.Equal(19, k8s.Metadata.Count);
        Assert.Equal("$1", k8s.Annotations[0].TagName);
        Assert.Equal(5, k8s.PodAssociation.Count);
        var transform = settings.ProcessorOptions<TransformOptions>().Single();
        Assert.Equal(TransformErrorMode.Propagate, transform.ErrorMode);
        Assert.Equal([OttlContext.DataPoint, OttlContext.Resource, OttlContext.Resource, OttlContext.Resource, OttlContext.Resource],
            transform.MetricStatements.Select(g => g.Context!.Value));
        Assert.Contains(transform.MetricStatements[3].Statements, s => s.Contains("\"prod\"", StringComparison.Ordinal));
    }

    [Fact]
    public void K8sattributes_is_read_under_its_older_type_name_too()
    {
        var settings = OrleansScrapeConfigReader.Read(SeedGateway.Replace("k8s_attributes", "k8sattributes", StringComparison.Ordinal), "gateway.yaml");
        Assert.Equal("k8sattributes", settings.Pipelines.Single().Processors.Single(p => p.Options is KubernetesAttributesOptions).Id.Type);
    }

    [Fact]
    public void Seed_gateway_processors_build_and_enrich_a_scraped_resource()
    {
        var settings = OrleansScrapeConfigReader.Read(SeedGateway, "gateway.yaml");
        var index = new PodMetadataIndex();
        index.AddOrUpdate(new PodMetadata
        {
            Name = "web-7d4b9c8f6d-x2x9z", Namespace = "shop", Uid = "uid-web", Ip = "10.0.0.7",
            OwnerKind = "ReplicaSet", OwnerName = "web-7d4b9c8f6d", OwnerUid = "uid-rs",
            Annotations = [new("metadata.dynatrace.com/owner", "team-a"), new("metadata.dynatrace.com", "{\"dt.cost.product\":\"shop\"}")],
        });
        var k8s = new KubernetesAttributesProcessor(settings.ProcessorOptions<KubernetesAttributesOptions>().Single(), index);
        var transform = new TransformProcessor(settings.ProcessorOptions<TransformOptions>().Single());
        var builder = new OrleansScrape.Otlp.Model.MetricBatchBuilder([new("service.name", "web"), new("server.address", "10.0.0.7")]);
        builder.AddScope(new OrleansScrape.Otlp.Model.InstrumentationScope("s", "1"));
        builder.BeginMetric("up", "", "", OrleansScrape.Otlp.Model.MetricType.Gauge, OrleansScrape.Otlp.Model.AggregationTemporality.Unspecified, false, 0);
        builder.AddPoint(0, 1, 1, OrleansScrape.Otlp.Model.DataPointFlags.None, [new("server_port", "8080")]);

        var output = transform.Process(k8s.Process(builder.Build()));

        var resource = output.ResourceAttributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(("web", "deployment", "uid-rs"), (resource["k8s.workload.name"], resource["k8s.workload.kind"], resource["k8s.workload.uid"]));
        Assert.Equal(("team-a", "shop", "prod"), (resource["owner"], resource["dt.cost.product"], resource["k8s.cluster.name"]));
        Assert.DoesNotContain("metadata.dynatrace.com", resource.Keys);
        Assert.DoesNotContain("k8s.replicaset.name", resource.Keys);
        Assert.Equal([new("server.port", "8080")], output.AttributesOf(output.Points[0]).ToArray());
    }

    [Fact]
    public void Bad_ottl_statement_is_refused_with_file_line_and_column()
    {
        var yaml = SeedGateway.Replace("- delete_key(attributes, \"otel.signal\")", "- delete_key(attributes, otel.signal)", StringComparison.Ordinal);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("otel.signal)", StringComparison.Ordinal)) + 1;

        var error = Assert.Throws<ConfigException>(() => OrleansScrapeConfigReader.Read(yaml, "gateway.yaml"));

        Assert.Equal(("gateway.yaml", line), (error.File, error.Line));
        Assert.StartsWith($"gateway.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("statement \"delete_key(attributes, otel.signal)\" at column 24: the path \"otel.signal\" is not supported in the resource context", error.Message);
        Assert.Contains("processors.transform.metric_statements[2].statements[1]", error.Message);
    }

    [Fact]
    public void Flat_metric_statements_are_read()
    {
        var options = new OrleansScrape.Processing.Transform.TransformFactory().ReadTyped(Section("""
            error_mode: ignore
            metric_statements:
              - set(resource.attributes["env"], "prod")
              - set(datapoint.attributes["env"], resource.attributes["env"])
            """));

        Assert.Equal(TransformErrorMode.Ignore, options.ErrorMode);
        Assert.All(options.MetricStatements, g => Assert.Null(g.Context));
    }

    [Fact]
    public void Flat_statement_outside_the_subset_is_refused_with_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => new OrleansScrape.Processing.Transform.TransformFactory().ReadTyped(Section("""
            metric_statements:
              - set(resource.attributes["env"], "prod")
              - truncate_all(resource.attributes, 5)
            """)));

        Assert.Equal(5, error.Line);
        Assert.Contains("at column 1: the editor \"truncate_all\" is not supported", error.Message);
    }

    [Fact]
    public void Flat_statements_in_a_row_are_one_group_without_context()
    {
        var options = new OrleansScrape.Processing.Transform.TransformFactory().ReadTyped(Section("""
            metric_statements:
              - set(datapoint.attributes["env"], resource.attributes["env"])
              - set(resource.attributes["env"], "prod")
            """));

        var group = Assert.Single(options.MetricStatements);
        Assert.Equal((null, 2), (group.Context, group.Statements.Count));
    }

    [Fact]
    public void Group_without_context_is_read_and_checked_in_its_inferred_context()
    {
        var options = new OrleansScrape.Processing.Transform.TransformFactory().ReadTyped(Section("""
            metric_statements:
              - statements:
                  - replace_all_patterns(resource.attributes, "key", "_", ".")
            """));

        var group = Assert.Single(options.MetricStatements);
        Assert.Null(group.Context);
        Assert.Equal(["replace_all_patterns(resource.attributes, \"key\", \"_\", \".\")"], group.Statements);
    }

    [Fact]
    public void Unknown_function_in_a_group_without_context_is_refused_with_its_line_and_column()
    {
        var error = Assert.Throws<ConfigException>(() => new OrleansScrape.Processing.Transform.TransformFactory().ReadTyped(Section("""
            metric_statements:
              - statements:
                  - replace_all_patterns(resource.attributes, "key", "_", ".")
                  - set(resource.attributes["id"], SHA256(resource.attributes["k8s.pod.uid"]))
            """)));

        Assert.Equal(6, error.Line);
        Assert.Contains("metric_statements[0].statements[1]", error.Message);
        Assert.Contains("at column 32: the converter \"SHA256\" is not supported", error.Message);
    }

    [Theory]
    [InlineData("error_mode: loud", "must be propagate, ignore or silent")]
    [InlineData("trace_statements: []", "carries metrics only")]
    [InlineData("metric_statements:\n  - context: scope\n    statements: []", "\"scope\" is not supported")]
    [InlineData("metric_statements:\n  - context: resource\n    conditions: []\n    statements: []", "put a where clause on each statement")]
    public void Transform_section_outside_the_subset_is_refused(string body, string reason) =>
        Assert.Contains(reason, Assert.Throws<ConfigException>(() => new OrleansScrape.Processing.Transform.TransformFactory().ReadTyped(Section(body))).Message);

    [Fact]
    public void K8sattributes_filter_and_labels_are_read()
    {
        var options = new OrleansScrape.Processing.KubernetesAttributes.KubernetesAttributesFactory().ReadTyped(Section("""
            auth_type: serviceAccount
            passthrough: false
            filter:
              namespace: shop
            extract:
              labels:
                - tag_name: app.label.component
                  key: app.kubernetes.io/component
                  from: pod
                - key: team
                  from: namespace
            pod_association:
              - sources:
                  - from: resource_attribute
                    name: k8s.pod.uid
            """));

        Assert.Equal("shop", options.FilterNamespace);
        Assert.Equal(KubernetesAttributesOptions.DefaultMetadata, options.Metadata);
        Assert.Equal(new FieldExtractionRule("app.label.component", "app.kubernetes.io/component", null, ExtractFrom.Pod), options.Labels[0]);
        Assert.Equal(ExtractFrom.Namespace, options.Labels[1].From);
    }

    [Theory]
    [InlineData("extract:\n  metadata: [container.image.name]", "\"container.image.name\" is not supported")]
    [InlineData("extract:\n  labels:\n    - key: a\n      from: node", "must be pod or namespace")]
    [InlineData("extract:\n  otel_annotations: true", "unknown key \"otel_annotations\"")]
    [InlineData("pod_association:\n  - sources:\n      - from: connection", "the sender's IP address is not carried")]
    [InlineData("pod_association:\n  - sources:\n      - from: header", "must be resource_attribute or connection")]
    [InlineData("filter:\n  labels: []", "unknown key \"labels\"")]
    public void K8sattributes_section_outside_the_subset_is_refused(string body, string reason) =>
        Assert.Contains(reason, Assert.Throws<ConfigException>(() => new OrleansScrape.Processing.KubernetesAttributes.KubernetesAttributesFactory().ReadTyped(Section(body))).Message);

    // The YAML is the body of a processor section, which sits on line 2 of the document.
    private static YamlMappingReader Section(string body)
    {
        var indented = string.Join('\n', body.Split('\n').Select(line => "    " + line));
        var root = YamlDocument.Load($"processors:\n  component:\n{indented}\n", "test.yaml");
        return root.GetMapping("processors")!.GetMapping("component")!;
    }
}
