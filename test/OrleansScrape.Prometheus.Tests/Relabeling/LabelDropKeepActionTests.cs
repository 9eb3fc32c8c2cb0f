using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class LabelDropKeepActionTests
{
    private static readonly string[] Input = ["a=foo", "b1=bar", "b2=baz"];

    [Fact]
    public void LabelDrop_RemovesLabelsWhoseNameMatches()
    {
        const string Yaml = """
            relabel_configs:
              - action: labeldrop
                regex: (b.*)
            """;

        Assert.Equal("a=foo", Apply(Yaml, Input));
    }

    [Fact]
    public void LabelDrop_NothingMatches_KeepsAllLabels()
    {
        const string Yaml = """
            relabel_configs:
              - action: labeldrop
                regex: c.*
            """;

        Assert.Equal("a=foo b1=bar b2=baz", Apply(Yaml, Input));
    }

    [Fact]
    public void LabelDrop_NameIsMatchedWhole()
    {
        const string Yaml = """
            relabel_configs:
              - action: labeldrop
                regex: b
            """;

        Assert.Equal("a=foo b1=bar b2=baz", Apply(Yaml, Input));
    }

    [Fact]
    public void LabelKeep_RemovesLabelsWhoseNameDoesNotMatch()
    {
        const string Yaml = """
            relabel_configs:
              - action: labelkeep
                regex: (b.*)
            """;

        Assert.Equal("b1=bar b2=baz", Apply(Yaml, Input));
    }

    [Fact]
    public void LabelKeep_NothingMatches_LeavesEmptySetThatIsNotDropped()
    {
        // Only keep/drop/keepequal/dropequal drop; an emptied set is the caller's to judge.
        const string Yaml = """
            relabel_configs:
              - action: labelkeep
                regex: z
            """;

        Assert.Equal("", Apply(Yaml, Input));
    }

    [Fact]
    public void LabelDrop_ThenReplace_RecreatesTheLabel()
    {
        const string Yaml = """
            relabel_configs:
              - action: labeldrop
                regex: __meta_kubernetes_pod_container_port_name
              - source_labels: [__meta_kubernetes_pod_annotation_XXX_metrics_port]
                regex: (.+)
                target_label: __meta_kubernetes_pod_container_port_name
                replacement: metrics
              - source_labels: [__meta_kubernetes_pod_container_port_name]
                regex: metrics
                action: keep
            """;

        Assert.Equal(
            "__meta_kubernetes_pod_annotation_XXX_metrics_port=9091 __meta_kubernetes_pod_container_port_name=metrics",
            Apply(Yaml, "__meta_kubernetes_pod_container_port_name=foo", "__meta_kubernetes_pod_annotation_XXX_metrics_port=9091"));
    }
}
