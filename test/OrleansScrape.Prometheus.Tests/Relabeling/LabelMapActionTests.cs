using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class LabelMapActionTests
{
    [Fact]
    public void LabelMap_KubernetesPodLabels_CopiedUnderTheirOwnNames()
    {
        const string Yaml = """
            relabel_configs:
              - action: labelmap
                regex: __meta_kubernetes_pod_label_(.+)
            """;

        Assert.Equal(
            "__meta_kubernetes_pod_label_app=web __meta_kubernetes_pod_label_tier=front __meta_kubernetes_pod_name=p1 app=web tier=front",
            Apply(Yaml, "__meta_kubernetes_pod_label_app=web", "__meta_kubernetes_pod_label_tier=front", "__meta_kubernetes_pod_name=p1"));
    }

    [Fact]
    public void LabelMap_ReplacementTemplate_BuildsNewNames()
    {
        const string Yaml = """
            relabel_configs:
              - action: labelmap
                regex: (b.*)
                replacement: bar_${1}
            """;

        Assert.Equal("a=foo b1=bar b2=baz bar_b1=bar bar_b2=baz", Apply(Yaml, "a=foo", "b1=bar", "b2=baz"));
    }

    [Fact]
    public void LabelMap_NoLabelNameMatches_ChangesNothing()
    {
        const string Yaml = """
            relabel_configs:
              - action: labelmap
                regex: __meta_(.+)
            """;

        Assert.Equal("a=1 b=2", Apply(Yaml, "a=1", "b=2"));
    }

    [Fact]
    public void LabelMap_RegexMatchesNamesNotValues()
    {
        const string Yaml = """
            relabel_configs:
              - action: labelmap
                regex: x_(.+)
            """;

        Assert.Equal("a=x_value", Apply(Yaml, "a=x_value"));
    }

    [Fact]
    public void LabelMap_OverwritesExistingLabel()
    {
        const string Yaml = """
            relabel_configs:
              - action: labelmap
                regex: __meta_(.+)
            """;

        Assert.Equal("__meta_job=new job=new", Apply(Yaml, "job=old", "__meta_job=new"));
    }

    [Fact]
    public void LabelMap_SeesLabelsAddedByEarlierRulesAfterInitialOnes()
    {
        // Prometheus visits untouched labels in name order, then the ones set since, so the
        // label added by the first rule is mapped last and wins.
        const string Yaml = """
            relabel_configs:
              - target_label: a_x
                replacement: added
              - action: labelmap
                regex: "[ab]_(x)"
            """;

        Assert.Equal("a_x=added b_x=initial x=added", Apply(Yaml, "b_x=initial"));
    }

    [Fact]
    public void LabelMap_EmptyInitialLabel_DeletesTheMappedName()
    {
        // The initial empty-valued label is visited, and setting an empty value deletes.
        const string Yaml = """
            relabel_configs:
              - action: labelmap
                regex: __meta_(.+)
            """;

        Assert.Equal("other=1", Apply(Yaml, "__meta_app=", "app=old", "other=1"));
    }

    [Fact]
    public void LabelMap_PatternEscapingTheAnchors_ReplacesEveryMatchLikeGo()
    {
        // "a)|(b" closes Prometheus's anchoring group, making ^(?s:a)|(b)$: a partial match at each end.
        var rules = new[] { new RelabelConfig { Action = RelabelAction.LabelMap, Regex = RelabelRegex.Parse("a)|(b"), Replacement = "X" } };

        Assert.Equal("XqX=1 aqb=1", Apply(rules, "aqb=1"));
    }
}
