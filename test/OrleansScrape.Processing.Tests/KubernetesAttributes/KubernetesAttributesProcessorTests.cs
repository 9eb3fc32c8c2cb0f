using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.KubernetesAttributes;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.KubernetesAttributes;

public sealed class KubernetesAttributesProcessorTests
{
    private static readonly string[] AllMetadata = KubernetesAttributeNames.Supported.ToArray();

    private static readonly PodMetadata Web = new()
    {
        Name = "web-7d4b9c8f6d-x2x9z",
        Namespace = "shop",
        Uid = "uid-web",
        NodeName = "node-a",
        Ip = "10.0.0.7",
        StartTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        OwnerKind = "ReplicaSet",
        OwnerName = "web-7d4b9c8f6d",
        OwnerUid = "uid-rs",
        Labels = [new("app.kubernetes.io/component", "frontend"), new("tier", "web")],
        Annotations = [new("metadata.dynatrace.com/owner", "team-a"), new("metadata.dynatrace.com", "{\"cost\":\"42\"}")],
        Containers = ["server"],
    };

    private static PodMetadataIndex Index(params PodMetadata[] pods)
    {
        var index = new PodMetadataIndex();
        foreach (var pod in pods)
        {
            index.AddOrUpdate(pod);
        }
        return index;
    }

    private static MetricBatch Batch(params Attribute[] resource)
    {
        var builder = new MetricBatchBuilder(resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("up", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 1, 1, DataPointFlags.None, [new Attribute("a", "b")]);
        return builder.Build();
    }

    private static Dictionary<string, string> Resource(MetricBatch batch) =>
        batch.ResourceAttributes.ToDictionary(a => a.Key, a => a.Value);

    private static Dictionary<string, string> Enrich(KubernetesAttributesOptions options, IPodMetadataSource pods, params Attribute[] resource) =>
        Resource(new KubernetesAttributesProcessor(options, pods).Process(Batch(resource)));

    [Fact]
    public void Default_metadata_is_added_for_a_pod_found_by_ip()
    {
        var resource = Enrich(new KubernetesAttributesOptions(), Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));

        Assert.Equal("web-7d4b9c8f6d-x2x9z", resource["k8s.pod.name"]);
        Assert.Equal("uid-web", resource["k8s.pod.uid"]);
        Assert.Equal("shop", resource["k8s.namespace.name"]);
        Assert.Equal("node-a", resource["k8s.node.name"]);
        Assert.Equal("2026-01-02T03:04:05Z", resource["k8s.pod.start_time"]);
        Assert.Equal("web", resource["k8s.deployment.name"]);
        Assert.False(resource.ContainsKey("k8s.replicaset.name"));
    }

    [Fact]
    public void Replicaset_owner_gives_replicaset_and_deployment_names()
    {
        var resource = Enrich(new KubernetesAttributesOptions { Metadata = AllMetadata }, Index(Web), new Attribute("k8s.pod.uid", "uid-web"));

        Assert.Equal("web-7d4b9c8f6d", resource["k8s.replicaset.name"]);
        Assert.Equal("uid-rs", resource["k8s.replicaset.uid"]);
        Assert.Equal("web", resource["k8s.deployment.name"]);
        Assert.Equal("server", resource["k8s.container.name"]);
        Assert.Equal("10.0.0.7", resource["k8s.pod.ip"]);
    }

    [Theory]
    [InlineData("StatefulSet", "db", "k8s.statefulset.name", "db")]
    [InlineData("DaemonSet", "agent", "k8s.daemonset.name", "agent")]
    [InlineData("Job", "backup-28391040", "k8s.job.name", "backup-28391040")]
    [InlineData("Job", "backup-28391040", "k8s.cronjob.name", "backup")]
    public void Owner_kind_gives_its_workload_name(string kind, string owner, string attribute, string expected)
    {
        var pod = Web with { OwnerKind = kind, OwnerName = owner };
        var resource = Enrich(new KubernetesAttributesOptions { Metadata = AllMetadata }, Index(pod), new Attribute("k8s.pod.uid", "uid-web"));

        Assert.Equal(expected, resource[attribute]);
        Assert.False(resource.ContainsKey("k8s.deployment.name"));
    }

    [Fact]
    public void Container_name_is_added_only_for_a_pod_with_one_container()
    {
        var pod = Web with { Containers = ["server", "sidecar"] };
        var resource = Enrich(new KubernetesAttributesOptions { Metadata = AllMetadata }, Index(pod), new Attribute("k8s.pod.uid", "uid-web"));
        Assert.False(resource.ContainsKey("k8s.container.name"));
    }

    [Fact]
    public void Existing_resource_attributes_win_over_looked_up_ones()
    {
        var resource = Enrich(new KubernetesAttributesOptions(), Index(Web),
            new Attribute("k8s.pod.uid", "uid-web"), new Attribute("k8s.namespace.name", "from-sender"), new Attribute("k8s.node.name", ""));

        Assert.Equal("from-sender", resource["k8s.namespace.name"]);
        Assert.Equal("node-a", resource["k8s.node.name"]);
    }

    [Fact]
    public void Name_and_namespace_association_needs_both_values()
    {
        var options = new KubernetesAttributesOptions
        {
            PodAssociation = [new([new(AssociationSourceKind.ResourceAttribute, "k8s.pod.name"), new(AssociationSourceKind.ResourceAttribute, "k8s.namespace.name")])],
        };
        var found = Enrich(options, Index(Web), new Attribute("k8s.pod.name", Web.Name), new Attribute("k8s.namespace.name", "shop"));
        var missing = Enrich(options, Index(Web), new Attribute("k8s.pod.name", Web.Name));

        Assert.Equal("uid-web", found["k8s.pod.uid"]);
        Assert.False(missing.ContainsKey("k8s.pod.uid"));
    }

    [Fact]
    public void Only_the_first_rule_with_all_its_values_is_used()
    {
        var options = new KubernetesAttributesOptions
        {
            PodAssociation =
            [
                new([new(AssociationSourceKind.ResourceAttribute, "k8s.pod.uid")]),
                new([new(AssociationSourceKind.ResourceAttribute, "k8s.pod.ip")]),
            ],
        };
        // The uid rule applies and finds nothing; the ip rule is not tried, as upstream.
        var resource = Enrich(options, Index(Web), new Attribute("k8s.pod.uid", "unknown"), new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.False(resource.ContainsKey("k8s.pod.name"));
    }

    [Fact]
    public void Another_resource_attribute_is_matched_against_the_pod_ip()
    {
        var options = new KubernetesAttributesOptions { PodAssociation = [new([new(AssociationSourceKind.ResourceAttribute, "server.address")])] };
        var resource = Enrich(options, Index(Web), new Attribute("server.address", "10.0.0.7"));
        Assert.Equal("uid-web", resource["k8s.pod.uid"]);
    }

    [Fact]
    public void Connection_rules_are_skipped_because_the_sender_address_is_not_carried()
    {
        var options = new KubernetesAttributesOptions
        {
            PodAssociation = [new([new(AssociationSourceKind.Connection, "")]), new([new(AssociationSourceKind.ResourceAttribute, "k8s.pod.ip")])],
        };
        var resource = Enrich(options, Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.Equal("uid-web", resource["k8s.pod.uid"]);
    }

    [Fact]
    public void Connection_only_association_is_refused()
    {
        var options = new KubernetesAttributesOptions { PodAssociation = [new([new(AssociationSourceKind.Connection, "")])] };
        var error = Assert.Throws<ArgumentException>(() => new KubernetesAttributesProcessor(options, Index()));
        Assert.Contains("connection", error.Message);
        Assert.Contains("not carried", error.Message);
    }

    [Fact]
    public void Pod_name_without_namespace_in_a_rule_is_refused()
    {
        var options = new KubernetesAttributesOptions { PodAssociation = [new([new(AssociationSourceKind.ResourceAttribute, "k8s.pod.name")])] };
        Assert.Contains("k8s.namespace.name", Assert.Throws<ArgumentException>(() => new KubernetesAttributesProcessor(options, Index())).Message);
    }

    [Fact]
    public void Unsupported_metadata_is_refused()
    {
        var options = new KubernetesAttributesOptions { Metadata = ["container.image.name"] };
        Assert.Contains("container.image.name", Assert.Throws<ArgumentException>(() => new KubernetesAttributesProcessor(options, Index())).Message);
    }

    [Fact]
    public void Label_rule_with_key_uses_its_tag_name_or_the_default_tag()
    {
        var options = new KubernetesAttributesOptions
        {
            Labels = [new("component", "app.kubernetes.io/component", null, ExtractFrom.Pod), new(null, "tier", null, ExtractFrom.Pod)],
        };
        var resource = Enrich(options, Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.Equal("frontend", resource["component"]);
        Assert.Equal("web", resource["k8s.pod.labels.tier"]);
    }

    [Fact]
    public void Annotation_rule_with_key_regex_names_the_tag_from_a_capture_group()
    {
        var options = new KubernetesAttributesOptions
        {
            Annotations = [new("$1", null, "metadata.dynatrace.com/(.*)", ExtractFrom.Pod), new("metadata.dynatrace.com", "metadata.dynatrace.com", null, ExtractFrom.Pod)],
        };
        var resource = Enrich(options, Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.Equal("team-a", resource["owner"]);
        Assert.Equal("{\"cost\":\"42\"}", resource["metadata.dynatrace.com"]);
    }

    [Fact]
    public void Key_regex_is_anchored()
    {
        var options = new KubernetesAttributesOptions { Labels = [new(null, null, "ier", ExtractFrom.Pod)] };
        var resource = Enrich(options, Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.DoesNotContain(resource.Keys, k => k.StartsWith("k8s.pod.labels.", StringComparison.Ordinal));
    }

    [Fact]
    public void Namespace_labels_come_from_the_namespace_metadata()
    {
        var index = Index(Web);
        index.SetNamespace(new NamespaceMetadata("shop", [new("cost-center", "cc-1")], []));
        var options = new KubernetesAttributesOptions { Labels = [new(null, "cost-center", null, ExtractFrom.Namespace)] };
        var resource = Enrich(options, index, new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.Equal("cc-1", resource["k8s.namespace.labels.cost-center"]);
    }

    [Fact]
    public void Filter_ignores_pods_of_other_namespaces_and_nodes()
    {
        var otherNamespace = Enrich(new KubernetesAttributesOptions { FilterNamespace = "other" }, Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));
        var sameNode = Enrich(new KubernetesAttributesOptions { FilterNode = "node-a" }, Index(Web), new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.False(otherNamespace.ContainsKey("k8s.pod.name"));
        Assert.True(sameNode.ContainsKey("k8s.pod.name"));
    }

    [Fact]
    public void Passthrough_leaves_the_batch_unchanged()
    {
        var batch = Batch(new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.Same(batch, new KubernetesAttributesProcessor(new KubernetesAttributesOptions { Passthrough = true }, Index(Web)).Process(batch));
    }

    [Fact]
    public void Unknown_pod_leaves_the_batch_unchanged()
    {
        var batch = Batch(new Attribute("k8s.pod.ip", "10.9.9.9"));
        Assert.Same(batch, new KubernetesAttributesProcessor(new KubernetesAttributesOptions(), Index(Web)).Process(batch));
    }

    [Fact]
    public void Points_are_shared_with_the_enriched_batch()
    {
        var batch = Batch(new Attribute("k8s.pod.ip", "10.0.0.7"));
        var enriched = new KubernetesAttributesProcessor(new KubernetesAttributesOptions(), Index(Web)).Process(batch);
        Assert.Same(batch.Points, enriched.Points);
        Assert.Same(batch.PointAttributes, enriched.PointAttributes);
    }

    [Fact]
    public void Cluster_uid_comes_from_the_source()
    {
        var index = Index(Web);
        index.ClusterUid = "cluster-1";
        var resource = Enrich(new KubernetesAttributesOptions { Metadata = ["k8s.cluster.uid"] }, index, new Attribute("k8s.pod.ip", "10.0.0.7"));
        Assert.Equal("cluster-1", resource["k8s.cluster.uid"]);
    }

    [Fact]
    public void Pods_from_discovered_labels_enrich_their_scraped_resource()
    {
        var pod = PodMetadata.FromDiscoveredLabels(new Dictionary<string, string>
        {
            ["__meta_kubernetes_pod_name"] = "db-0",
            ["__meta_kubernetes_namespace"] = "data",
            ["__meta_kubernetes_pod_uid"] = "uid-db",
            ["__meta_kubernetes_pod_controller_kind"] = "StatefulSet",
            ["__meta_kubernetes_pod_controller_name"] = "db",
        })!;
        var options = new KubernetesAttributesOptions
        {
            Metadata = AllMetadata,
            PodAssociation = [new([new(AssociationSourceKind.ResourceAttribute, "k8s.pod.name"), new(AssociationSourceKind.ResourceAttribute, "k8s.namespace.name")])],
        };
        var resource = Enrich(options, Index(pod), new Attribute("k8s.pod.name", "db-0"), new Attribute("k8s.namespace.name", "data"));
        Assert.Equal("db", resource["k8s.statefulset.name"]);
    }
}
