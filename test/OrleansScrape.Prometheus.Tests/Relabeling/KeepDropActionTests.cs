using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class KeepDropActionTests
{
    private const string Keep = """
        relabel_configs:
          - source_labels: [a]
            regex: f.*
            action: keep
        """;

    private const string Drop = """
        relabel_configs:
          - source_labels: [a]
            regex: .*o.*
            action: drop
        """;

    [Fact]
    public void Keep_RegexMatches_KeepsLabelSet() => Assert.Equal("a=foo", Apply(Keep, "a=foo"));

    [Fact]
    public void Keep_RegexDoesNotMatch_DropsLabelSet() => Assert.Equal("dropped", Apply(Keep, "a=bar"));

    [Fact]
    public void Keep_MissingSourceLabel_MatchesAgainstEmptyString()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [missing]
                regex: ""
                action: keep
            """;

        Assert.Equal("a=foo", Apply(Yaml, "a=foo"));
        Assert.Equal("dropped", Apply(Yaml, "missing=x"));
    }

    [Fact]
    public void Drop_RegexMatches_DropsLabelSet() => Assert.Equal("dropped", Apply(Drop, "a=foo", "b=bar"));

    [Fact]
    public void Drop_RegexDoesNotMatch_KeepsLabelSet() => Assert.Equal("a=bar", Apply(Drop, "a=bar"));

    [Fact]
    public void Drop_AlternationMustMatchWholeValue()
    {
        // Anchored as ^(?:f|o)$: neither branch is the whole of "foo".
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: f|o
                action: drop
            """;

        Assert.Equal("a=foo", Apply(Yaml, "a=foo"));
        Assert.Equal("dropped", Apply(Yaml, "a=o"));
    }

    [Fact]
    public void Drop_StopsLaterRulesFromRunning()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: .*o.*
                action: drop
              - source_labels: [a]
                target_label: d
            """;

        Assert.Equal("dropped", Apply(Yaml, "a=foo"));
    }

    [Fact]
    public void Keep_JoinedSources_MatchWithSeparator()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, b]
                separator: ","
                regex: x,y
                action: keep
            """;

        Assert.Equal("a=x b=y", Apply(Yaml, "a=x", "b=y"));
        Assert.Equal("dropped", Apply(Yaml, "a=x;y"));
    }
}
