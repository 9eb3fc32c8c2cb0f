using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Discovery;
using static OrleansScrape.Kubernetes.Tests.Operator.DiscoveredLabels;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class ScrapeConfigResourceTranslatorTests
{
    private static readonly Dictionary<string, string> Annotated = new()
    {
        ["metrics.dynatrace.com/scrape"] = "true",
        ["metrics.dynatrace.com/port"] = "9400",
        ["metrics.dynatrace.com/path"] = "/stats",
        ["metrics.dynatrace.com/secure"] = "true",
    };

    [Fact]
    public async Task The_job_is_named_scrapeConfig_namespace_name_and_jobName_sets_the_job_label()
    {
        var job = await Translate.ScrapeConfigAsync(SeedResources.AnnotationScrapeConfig());
        var pod = new PodSpec("shop", "api-0", "10.2.0.4", new Dictionary<string, string>(), Annotations: Annotated);

        var target = Targets(job, PodTarget(pod, "http", 8080)).Values.Single();

        Assert.Equal("scrapeConfig/monitoring/dynatrace-annotations", job.JobName);
        Assert.Equal("dynatrace-annotations", target.Job);
    }

    [Fact]
    public async Task Kubernetes_sd_config_roles_are_read_in_any_case()
    {
        var job = await Translate.ScrapeConfigAsync(SeedResources.AnnotationScrapeConfig());

        var discovery = Assert.Single(job.SdConfigs<KubernetesSdConfig>());
        Assert.Equal(KubernetesSdRole.Pod, discovery.Role);
        Assert.Empty(discovery.Namespaces);
    }

    [Fact]
    public async Task Seed_annotation_relabelings_build_address_scheme_and_path_from_the_annotations()
    {
        var job = await Translate.ScrapeConfigAsync(SeedResources.AnnotationScrapeConfig());
        var annotated = new PodSpec("shop", "api-0", "10.2.0.4", new Dictionary<string, string>(), Annotations: Annotated);
        var plain = new PodSpec("shop", "web-0", "10.2.0.5", new Dictionary<string, string>());
        var finished = annotated with { Name = "job-1", Ip = "10.2.0.6", Phase = "Succeeded" };

        var targets = Targets(job, PodTarget(annotated, "http", 8080), PodTarget(plain, "http", 8080), PodTarget(finished, "http", 8080));

        var target = Assert.Single(targets.Values);
        Assert.Equal("https://10.2.0.4:9400/stats", target.ScrapeUrl.ToString());
        Assert.Equal(TimeSpan.FromSeconds(60), target.ScrapeInterval);
    }

    [Fact]
    public async Task Static_configs_metrics_path_scheme_and_params_carry_over()
    {
        var job = await Translate.ScrapeConfigAsync(SeedResources.Parse("""
            { "metadata": { "name": "static", "namespace": "ops" },
              "spec": { "metricsPath": "/probe", "scheme": "HTTPS", "params": { "module": ["icmp"] }, "honorLabels": true,
                        "staticConfigs": [ { "targets": ["my-app.my-namespace.svc:8080"], "labels": { "env": "prod" } } ] } }
            """));

        var target = new TargetBuilder(job).Build(job.StaticConfigs.Select((s, i) => new TargetGroup { Source = $"{i}", Targets = s.Targets.Select(t => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["__address__"] = t }).ToList(), Labels = s.Labels })).Targets.Single();

        Assert.Equal("https://my-app.my-namespace.svc:8080/probe?module=icmp", target.ScrapeUrl.ToString());
        Assert.Equal("scrapeConfig/ops/static", target.Job);
        Assert.Equal("prod", target.Labels["env"]);
        Assert.True(job.HonorLabels);
        Assert.Equal(TimeSpan.FromSeconds(30), job.ScrapeInterval);
    }

    [Fact]
    public async Task Kubernetes_sd_namespaces_selectors_and_attach_metadata_carry_over()
    {
        var job = await Translate.ScrapeConfigAsync(SeedResources.Parse("""
            { "metadata": { "name": "scoped", "namespace": "ops" },
              "spec": { "kubernetesSDConfigs": [ { "role": "EndpointSlice", "namespaces": { "names": ["shop"], "ownNamespace": true },
                        "selectors": [ { "role": "Pod", "label": "app=api" } ], "attachMetadata": { "node": true } } ] } }
            """));

        var discovery = Assert.Single(job.SdConfigs<KubernetesSdConfig>());
        Assert.Equal(KubernetesSdRole.EndpointSlice, discovery.Role);
        Assert.Equal(["shop"], discovery.Namespaces);
        Assert.True(discovery.OwnNamespace);
        Assert.True(discovery.AttachNodeMetadata);
        Assert.Equal(new KubernetesSdSelector { Role = KubernetesSdRole.Pod, Label = "app=api" }, Assert.Single(discovery.Selectors));
    }

    [Fact]
    public async Task File_and_http_service_discovery_carry_over()
    {
        var job = await Translate.ScrapeConfigAsync(SeedResources.Parse("""
            { "metadata": { "name": "sd", "namespace": "ops" },
              "spec": { "fileSDConfigs": [ { "files": ["/etc/sd/*.json"], "refreshInterval": "1m" } ],
                        "httpSDConfigs": [ { "url": "http://sd.ops.svc/targets" } ] } }
            """));

        Assert.Equal(["/etc/sd/*.json"], Assert.Single(job.SdConfigs<FileSdConfig>()).Files);
        Assert.Equal(TimeSpan.FromMinutes(1), job.SdConfigs<FileSdConfig>()[0].RefreshInterval);
        Assert.Equal("http://sd.ops.svc/targets", Assert.Single(job.SdConfigs<HttpSdConfig>()).Url);
    }

    [Theory]
    [InlineData("consulSDConfigs", """[ { "server": "consul:8500" } ]""", "spec.consulSDConfigs is not supported")]
    [InlineData("kubernetesSDConfigs", """[ { "role": "Pod", "basicAuth": { } } ]""", "spec.kubernetesSDConfigs[0].basicAuth is not supported")]
    [InlineData("kubernetesSDConfigs", """[ { "role": "Cluster" } ]""", "\"Cluster\" is not a Kubernetes role")]
    public void Unsupported_discovery_is_refused_naming_the_field(string field, string value, string reason)
    {
        var resource = SeedResources.AnnotationScrapeConfig();
        resource.Spec()[field] = JsonNode.Parse(value);

        var error = Assert.Throws<CustomResourceException>(() => CustomResourceParser.ParseScrapeConfig(SeedResources.Element(resource)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
