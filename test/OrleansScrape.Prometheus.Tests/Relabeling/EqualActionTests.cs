using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class EqualActionTests
{
    private static string Rule(string action, string target) => $"""
        relabel_configs:
          - source_labels: [__tmp_port]
            target_label: {target}
            action: {action}
        """;

    private static readonly string[] Ports = ["__tmp_port=1234", "__port1=1234", "__port2=5678"];

    [Fact]
    public void KeepEqual_ValuesEqual_KeepsLabelSet() =>
        Assert.Equal("__port1=1234 __port2=5678 __tmp_port=1234", Apply(Rule("keepequal", "__port1"), Ports));

    [Fact]
    public void KeepEqual_ValuesDiffer_DropsLabelSet() =>
        Assert.Equal("dropped", Apply(Rule("keepequal", "__port2"), Ports));

    [Fact]
    public void DropEqual_ValuesEqual_DropsLabelSet() =>
        Assert.Equal("dropped", Apply(Rule("dropequal", "__port1"), Ports));

    [Fact]
    public void DropEqual_ValuesDiffer_KeepsLabelSet() =>
        Assert.Equal("__port1=1234 __port2=5678 __tmp_port=1234", Apply(Rule("dropequal", "__port2"), Ports));

    [Fact]
    public void KeepEqual_MissingLabelsOnBothSides_CompareAsEmptyAndKeep() =>
        Assert.Equal("a=1", Apply(Rule("keepequal", "absent"), "a=1"));

    [Fact]
    public void DropEqual_MissingTargetLabel_ComparesAsEmpty() =>
        Assert.Equal("__tmp_port=1", Apply(Rule("dropequal", "absent"), "__tmp_port=1"));

    [Fact]
    public void KeepEqual_SeveralSources_CompareTheJoinedValue()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, b]
                target_label: c
                action: keepequal
            """;

        Assert.Equal("a=x b=y c=x;y", Apply(Yaml, "a=x", "b=y", "c=x;y"));
        Assert.Equal("dropped", Apply(Yaml, "a=x", "b=y", "c=x"));
    }
}
