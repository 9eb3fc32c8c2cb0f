using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class MetadataFilterTests
{
    private const string Label = "__meta_kubernetes_pod_label_";
    private const string Present = "__meta_kubernetes_pod_labelpresent_";

    private static MetadataFilter Filter(params RelabelConfig[] configs) => MetadataFilter.FromRelabelConfigs(configs);

    [Fact]
    public void Source_labels_of_relabel_rules_are_kept()
    {
        var filter = Filter(new RelabelConfig { SourceLabels = ["__meta_kubernetes_pod_label_app"], Action = RelabelAction.Keep, Regex = RelabelRegex.Parse("web") });

        Assert.True(filter.Keeps(Label, Present, "app"));
        Assert.False(filter.Keeps(Label, Present, "tier"));
    }

    [Fact]
    public void A_presence_label_keeps_its_label()
    {
        var filter = Filter(new RelabelConfig { SourceLabels = ["__meta_kubernetes_pod_labelpresent_app"], Action = RelabelAction.Keep, Regex = RelabelRegex.Parse("true") });

        Assert.True(filter.Keeps(Label, Present, "app"));
    }

    [Fact]
    public void Target_labels_are_kept_because_an_unmatched_rule_leaves_their_value()
    {
        var filter = Filter(new RelabelConfig { SourceLabels = ["__address__"], TargetLabel = "__meta_kubernetes_pod_label_team", Regex = RelabelRegex.Parse("x") });

        Assert.True(filter.Keeps(Label, Present, "team"));
    }

    [Fact]
    public void Names_a_labelmap_regex_matches_are_kept()
    {
        var filter = Filter(new RelabelConfig { Action = RelabelAction.LabelMap, Regex = RelabelRegex.Parse("__meta_kubernetes_pod_label_(app|tier)"), Replacement = "$1" });

        Assert.True(filter.Keeps(Label, Present, "tier"));
        Assert.False(filter.Keeps(Label, Present, "version"));
    }

    [Fact]
    public void Equal_rules_give_equal_keys_so_watches_stay_shared()
    {
        var rule = new RelabelConfig { SourceLabels = ["__meta_kubernetes_pod_label_app"], Action = RelabelAction.Keep, Regex = RelabelRegex.Parse("web") };

        Assert.Equal(Filter(rule).Key, Filter(rule with { }).Key);
        Assert.NotEqual(Filter(rule).Key, Filter(rule with { SourceLabels = ["__meta_kubernetes_pod_label_tier"] }).Key);
    }
}
