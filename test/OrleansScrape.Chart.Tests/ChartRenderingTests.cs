using k8s.Models;

namespace OrleansScrape.Chart.Tests;

/// <summary>
/// helm/orleans-scrape rendered with its defaults and with a production-sized values file, each
/// manifest loaded strictly as Kubernetes' typed model.
/// </summary>
public sealed class ChartRenderingTests
{
    private const string ChecksumAnnotation = "checksum/config";

    private static ChartRenderer Renderer => ChartRenderer.Instance;

    private static string ProductionValues =>
        Path.Combine(Renderer.RepositoryRoot, "test", "OrleansScrape.Chart.Tests", "production-values.yaml");

    public static TheoryData<string> Tiers => new() { "scraper", "gateway" };

    [Fact]
    public void Defaults_render_the_two_tiers_their_services_config_and_rbac_without_autoscalers_or_budgets()
    {
        var chart = Renderer.RenderManifests();

        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Service", "Service", "ServiceAccount", "StatefulSet"],
            chart.Manifests.Select(manifest => manifest.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(2, chart.Scraper.Spec.Replicas);
        Assert.Equal(2, chart.Gateway.Spec.Replicas);
        Assert.Null(chart.Gateway.Spec.VolumeClaimTemplates);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Probes_check_livez_at_startup_and_for_liveness_and_readyz_for_readiness_on_the_http_port(string tier)
    {
        var container = Container(Pod(Renderer.RenderManifests(), tier));

        Assert.Contains(container.Ports, port => port is { Name: "http", ContainerPort: 8080 });
        AssertProbe(container.StartupProbe, "/livez");
        AssertProbe(container.LivenessProbe, "/livez");
        AssertProbe(container.ReadinessProbe, "/readyz");
        Assert.True(container.StartupProbe.FailureThreshold * container.StartupProbe.PeriodSeconds >= 60, "the startup probe allows a minute to join the cluster");
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Pods_run_non_root_on_a_read_only_root_filesystem_with_no_capabilities_and_runtime_default_seccomp(string tier)
    {
        var pod = Pod(Renderer.RenderManifests(), tier);
        var container = Container(pod);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotNull(pod.SecurityContext.FsGroup);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);

        var security = container.SecurityContext;
        Assert.True(security.RunAsNonRoot);
        Assert.True(security.ReadOnlyRootFilesystem);
        Assert.False(security.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.Null(security.Capabilities.Add);
        Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);

        // The read-only root leaves /tmp to an emptyDir.
        var tmp = Assert.Single(container.VolumeMounts, mount => mount.MountPath == "/tmp");
        Assert.NotNull(Assert.Single(pod.Volumes, volume => volume.Name == tmp.Name).EmptyDir);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Pods_have_a_minute_to_hand_their_work_on_when_stopped(string tier)
    {
        Assert.Equal(60, Pod(Renderer.RenderManifests(), tier).TerminationGracePeriodSeconds);
        Assert.Equal(120, Pod(Renderer.RenderManifests("--set", $"{tier}.terminationGracePeriodSeconds=120"), tier).TerminationGracePeriodSeconds);
    }

    [Fact]
    public void The_config_checksum_changes_with_the_config_and_only_with_it()
    {
        var defaults = Renderer.RenderManifests();
        var checksum = Checksum(defaults, "scraper");

        Assert.Matches("^[0-9a-f]{64}$", checksum);
        Assert.Equal(checksum, Checksum(defaults, "gateway"));

        var otherConfig = Renderer.RenderManifests("--set", "config.processors.cumulative_to_delta.max_staleness=20m");
        Assert.Contains("max_staleness: 20m", otherConfig.Config.Data["config.yaml"]);
        Assert.NotEqual(checksum, Checksum(otherConfig, "scraper"));
        Assert.NotEqual(checksum, Checksum(otherConfig, "gateway"));

        var otherReplicas = Renderer.RenderManifests("--set", "scraper.replicas=3");
        Assert.Equal(checksum, Checksum(otherReplicas, "scraper"));
    }

    [Fact]
    public void Production_values_autoscale_both_tiers_with_the_seeds_behaviour()
    {
        var chart = Renderer.RenderManifests("-f", ProductionValues);

        // The autoscalers own the replica counts.
        Assert.Null(chart.Scraper.Spec.Replicas);
        Assert.Null(chart.Gateway.Spec.Replicas);

        foreach (var (tier, kind, min, max) in new[] { ("scraper", "Deployment", 10, 30), ("gateway", "StatefulSet", 4, 12) })
        {
            var hpa = chart.Single<V2HorizontalPodAutoscaler>($"obs-orleans-scrape-{tier}");
            Assert.Equal("autoscaling/v2", hpa.ApiVersion);
            Assert.Equal(kind, hpa.Spec.ScaleTargetRef.Kind);
            Assert.Equal($"obs-orleans-scrape-{tier}", hpa.Spec.ScaleTargetRef.Name);
            Assert.Equal(min, hpa.Spec.MinReplicas);
            Assert.Equal(max, hpa.Spec.MaxReplicas);
            Assert.Equal(70, Utilization(hpa, "cpu"));
            Assert.Equal(50, Utilization(hpa, "memory"));
            Assert.Equal(0, hpa.Spec.Behavior.ScaleUp.StabilizationWindowSeconds);
            Assert.Equal(300, hpa.Spec.Behavior.ScaleDown.StabilizationWindowSeconds);
        }
    }

    [Fact]
    public void Production_values_give_each_tier_a_disruption_budget_over_its_own_pods()
    {
        var chart = Renderer.RenderManifests("-f", ProductionValues);

        var scraperBudget = chart.Single<V1PodDisruptionBudget>("obs-orleans-scrape-scraper");
        Assert.Equal("policy/v1", scraperBudget.ApiVersion);
        Assert.Equal("10%", scraperBudget.Spec.MaxUnavailable.Value);
        Assert.Null(scraperBudget.Spec.MinAvailable);
        AssertSelects(scraperBudget.Spec.Selector, chart.Scraper.Spec.Template);
        Assert.NotEqual("scraper", chart.Gateway.Spec.Template.Metadata.Labels["app.kubernetes.io/component"]);

        var gatewayBudget = chart.Single<V1PodDisruptionBudget>("obs-orleans-scrape-gateway");
        Assert.Equal("3", gatewayBudget.Spec.MinAvailable.Value);
        Assert.Null(gatewayBudget.Spec.MaxUnavailable);
        AssertSelects(gatewayBudget.Spec.Selector, chart.Gateway.Spec.Template);
    }

    [Fact]
    public void Production_values_give_each_gateway_a_claim_for_its_queue_mounted_where_the_config_points()
    {
        var gateway = Renderer.RenderManifests("-f", ProductionValues).Gateway;

        var claim = Assert.Single(gateway.Spec.VolumeClaimTemplates);
        Assert.Equal("queue", claim.Metadata.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal("premium-ssd", claim.Spec.StorageClassName);
        Assert.Equal(new ResourceQuantity("50Gi"), claim.Spec.Resources.Requests["storage"]);
        // Kubernetes refuses any change to claim templates, so nothing in them varies by release.
        Assert.Null(claim.Metadata.Labels);

        var mount = Assert.Single(Container(gateway.Spec.Template.Spec).VolumeMounts, mount => mount.Name == "queue");
        Assert.Equal("/var/lib/otelcol/file_storage", mount.MountPath);
    }

    [Fact]
    public void Production_values_reach_the_pods_scheduling_metadata_env_and_volumes()
    {
        var chart = Renderer.RenderManifests("-f", ProductionValues);
        var template = chart.Scraper.Spec.Template;
        var pod = template.Spec;
        var container = Container(pod);

        Assert.Equal("observability", template.Metadata.Labels["team"]);
        Assert.Equal("true", template.Metadata.Annotations["prometheus.io/scrape"]);
        Assert.Contains(ChecksumAnnotation, template.Metadata.Annotations.Keys);
        Assert.Equal("observability", pod.PriorityClassName);
        Assert.Equal("linux", pod.NodeSelector["kubernetes.io/os"]);
        Assert.Equal("dedicated", Assert.Single(pod.Tolerations).Key);
        Assert.Equal("topology.kubernetes.io/zone", Assert.Single(pod.TopologySpreadConstraints).TopologyKey);
        Assert.Equal("registry", Assert.Single(pod.ImagePullSecrets).Name);
        Assert.Equal("registry.example.com/orleans-scrape:0.1.0", container.Image);
        Assert.Equal(new ResourceQuantity("6Gi"), container.Resources.Limits["memory"]);

        // Extra env entries come after the chart's own, which they may then refer to.
        Assert.Equal("ORLEANS_ROLE", container.Env[0].Name);
        Assert.Equal("scraper", container.Env[0].Value);
        Assert.Equal("DOTNET_gcServer", container.Env[^1].Name);
        Assert.Equal("scrape-credentials", Assert.Single(container.EnvFrom).SecretRef.Name);
        Assert.Equal("internal-ca", Assert.Single(pod.Volumes, volume => volume.Name == "ca").ConfigMap.Name);
        Assert.Contains(container.VolumeMounts, mount => mount is { Name: "ca", MountPath: "/etc/ssl/internal", ReadOnlyProperty: true });

        var gatewayPod = chart.Gateway.Spec.Template.Spec;
        Assert.Equal("kubernetes.io/hostname", Assert.Single(gatewayPod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution).PodAffinityTerm.TopologyKey);
        Assert.Null(gatewayPod.Tolerations);
        Assert.Equal("gateway", Container(gatewayPod).Env[0].Value);
    }

    [Fact]
    public void Rbac_grants_read_access_for_discovery_the_operator_resources_and_enrichment_to_the_service_account()
    {
        var chart = Renderer.RenderManifests();
        var role = chart.Single<V1ClusterRole>("obs-orleans-scrape");

        AssertGrants(role, "", "pods", "get", "list", "watch");
        AssertGrants(role, "", "services", "get", "list", "watch");
        AssertGrants(role, "", "endpoints", "get", "list", "watch");
        AssertGrants(role, "", "nodes", "get", "list", "watch");
        AssertGrants(role, "", "namespaces", "get", "list", "watch");
        AssertGrants(role, "", "secrets", "get");
        AssertGrants(role, "discovery.k8s.io", "endpointslices", "get", "list", "watch");
        AssertGrants(role, "monitoring.coreos.com", "servicemonitors", "get", "list", "watch");
        AssertGrants(role, "monitoring.coreos.com", "podmonitors", "get", "list", "watch");
        AssertGrants(role, "monitoring.coreos.com", "scrapeconfigs", "get", "list", "watch");
        AssertGrants(role, "apps", "replicasets", "get", "list", "watch");
        AssertGrants(role, "batch", "jobs", "get", "list", "watch");
        Assert.DoesNotContain(role.Rules, rule => rule.Verbs.Any(verb => verb is "create" or "update" or "patch" or "delete" or "*"));

        var binding = chart.Single<V1ClusterRoleBinding>("obs-orleans-scrape");
        Assert.Equal("obs-orleans-scrape", binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "obs-orleans-scrape", "otel"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal("obs-orleans-scrape", chart.Scraper.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal("obs-orleans-scrape", chart.Gateway.Spec.Template.Spec.ServiceAccountName);

        Assert.Empty(Renderer.RenderManifests("--set", "rbac.create=false").All<V1ClusterRole>());
    }

    [Theory]
    [InlineData("scraper.replicas=abc", "scraper.replicas")]
    [InlineData("gateway.persistence.enabled=yes-please", "gateway.persistence.enabled")]
    [InlineData("scraper.podDisruptionBudget.maxUnavailable=most", "scraper.podDisruptionBudget.maxUnavailable")]
    [InlineData("gateway.replica=3", "replica")]
    public void The_schema_refuses_a_wrong_typed_or_unknown_value(string setting, string named)
    {
        var result = Renderer.Render("--set", setting);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("schema", result.StandardError);
        Assert.Contains(named, result.StandardError);
        Assert.Empty(result.StandardOutput.Trim());
    }

    [Fact]
    public void The_notes_say_how_to_reach_jobs_targets_and_the_dashboard()
    {
        var result = Renderer.Render("--show-notes");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kubectl --namespace otel port-forward service/obs-orleans-scrape 8080:8080", result.StandardOutput);
        Assert.Contains("http://localhost:8080/jobs", result.StandardOutput);
        Assert.Contains("http://localhost:8080/targets", result.StandardOutput);
        Assert.Contains("http://localhost:8080/dashboard/", result.StandardOutput);
    }

    private static V1PodSpec Pod(RenderedChart chart, string tier) =>
        tier == "scraper" ? chart.Scraper.Spec.Template.Spec : chart.Gateway.Spec.Template.Spec;

    private static V1Container Container(V1PodSpec pod) => Assert.Single(pod.Containers);

    private static string Checksum(RenderedChart chart, string tier) =>
        (tier == "scraper" ? chart.Scraper.Spec.Template : chart.Gateway.Spec.Template).Metadata.Annotations[ChecksumAnnotation];

    private static int? Utilization(V2HorizontalPodAutoscaler hpa, string resource) =>
        Assert.Single(hpa.Spec.Metrics, metric => metric.Type == "Resource" && metric.Resource.Name == resource).Resource.Target.AverageUtilization;

    private static void AssertProbe(V1Probe probe, string path)
    {
        Assert.NotNull(probe);
        Assert.Equal(path, probe.HttpGet.Path);
        Assert.Equal("http", probe.HttpGet.Port.Value);
    }

    private static void AssertSelects(V1LabelSelector selector, V1PodTemplateSpec template)
    {
        Assert.NotEmpty(selector.MatchLabels);
        foreach (var (key, value) in selector.MatchLabels)
        {
            Assert.Equal(value, template.Metadata.Labels[key]);
        }
    }

    [Fact]
    public void Kubernetes_clustering_sets_the_provider_and_grants_writes_on_the_membership_resources_only()
    {
        var chart = Renderer.RenderManifests("--set", "clustering.provider=kubernetes");

        var config = Assert.Single(chart.All<V1ConfigMap>()).Data.Values.Single();
        Assert.Contains("provider: kubernetes", config);
        var role = chart.Single<V1ClusterRole>("obs-orleans-scrape");
        AssertGrants(role, "orleansscrape.io", "orleanssilos", "get", "list", "watch", "create", "update", "delete");
        AssertGrants(role, "orleansscrape.io", "orleansclusterversions", "get", "list", "watch", "create", "update", "delete");
        Assert.All(role.Rules.Where(rule => rule.Verbs.Any(verb => verb is "create" or "update" or "delete")),
            rule => Assert.Equal(["orleansscrape.io"], rule.ApiGroups));
        Assert.DoesNotContain(Renderer.RenderManifests().Single<V1ClusterRole>("obs-orleans-scrape").Rules, rule => rule.ApiGroups.Contains("orleansscrape.io"));
    }

    [Fact]
    public void An_unknown_clustering_provider_is_refused_by_the_schema() =>
        Assert.NotEqual(0, Renderer.Render("--set", "clustering.provider=consul").ExitCode);

    private static void AssertGrants(V1ClusterRole role, string apiGroup, string resource, params string[] verbs) =>
        Assert.Contains(role.Rules, rule => rule.ApiGroups.Contains(apiGroup) && rule.Resources.Contains(resource) && verbs.All(rule.Verbs.Contains));
}
