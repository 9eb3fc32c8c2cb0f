using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class ReplaceActionTests
{
    [Fact]
    public void Replace_RegexMatches_WritesExpandedReplacementToTarget()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: f(.*)
                target_label: d
                replacement: ch${1}-ch${1}
            """;

        Assert.Equal("a=foo d=choo-choo", Apply(Yaml, "a=foo"));
    }

    [Fact]
    public void Replace_RegexDoesNotMatch_ChangesNothing()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: f
                target_label: b
                replacement: bar
            """;

        Assert.Equal("a=boo", Apply(Yaml, "a=boo"));
    }

    [Fact]
    public void Replace_Defaults_CopySourceValueToTarget()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                target_label: b
            """;

        Assert.Equal("a=foo b=foo", Apply(Yaml, "a=foo"));
    }

    [Fact]
    public void Replace_SeveralSources_AreJoinedWithTheDefaultSemicolon()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, b]
                regex: f(.*);(.*)r
                target_label: a
                replacement: b${1}${2}m
            """;

        Assert.Equal("a=boobam b=bar", Apply(Yaml, "a=foo", "b=bar"));
    }

    [Fact]
    public void Replace_CustomSeparator_JoinsSourcesWithIt()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, b]
                separator: "-"
                regex: (.*)-(.*)
                target_label: c
                replacement: $2/$1
            """;

        Assert.Equal("a=x b=y c=y/x", Apply(Yaml, "a=x", "b=y"));
    }

    [Fact]
    public void Replace_EmptySeparator_ConcatenatesSources()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, b]
                separator: ""
                target_label: c
            """;

        Assert.Equal("a=x b=y c=xy", Apply(Yaml, "a=x", "b=y"));
    }

    [Fact]
    public void Replace_MissingSourceLabel_ContributesEmptyString()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [missing, a, also_missing]
                regex: ;foo;
                target_label: seen
                replacement: "yes"
            """;

        Assert.Equal("a=foo seen=yes", Apply(Yaml, "a=foo"));
    }

    [Fact]
    public void Replace_EmptyExpansion_DeletesTarget()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [missing]
                target_label: a
            """;

        Assert.Equal("b=keep", Apply(Yaml, "a=foo", "b=keep"));
    }

    [Fact]
    public void Replace_EmptyReplacement_DeletesTarget()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: foo
                target_label: b
                replacement: ""
            """;

        Assert.Equal("a=foo", Apply(Yaml, "a=foo", "b=bar"));
    }

    [Fact]
    public void Replace_NoSourceLabels_SetsConstantValue()
    {
        const string Yaml = """
            relabel_configs:
              - target_label: env
                replacement: prod
            """;

        Assert.Equal("a=1 env=prod", Apply(Yaml, "a=1"));
    }

    [Fact]
    public void Replace_TemplatedTarget_WritesToExpandedName()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: some-([^-]+)-([^,]+)
                target_label: ${1}
                replacement: ${2}
            """;

        Assert.Equal("a=some-name-value name=value", Apply(Yaml, "a=some-name-value"));
    }

    [Theory]
    [InlineData("some-name-0", "${3}")] // no group 3: expands to "", not a label name
    public void Replace_ExpandedTargetIsNotAValidLabelName_SkipsRule(string value, string target)
    {
        var yaml = $"""
            relabel_configs:
              - source_labels: [a]
                regex: some-([^-]+)-([^,]+)
                target_label: "{target}"
                replacement: "x"
            """;

        Assert.Equal($"a={value}", Apply(yaml, $"a={value}"));
    }

    [Theory]
    [InlineData("some-0name-x", "0name=x a=some-0name-x")] // starts with a digit: a name under Prometheus 3's UTF-8 scheme
    [InlineData("some-a.b-x", "a=some-a.b-x a.b=x")]
    public void Replace_ExpandedTargetIsAnyUtf8Name_SetsIt(string value, string expected)
    {
        var yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: some-([^-]+)-([^,]+)
                target_label: "${1}"
                replacement: "x"
            """;

        Assert.Equal(expected, Apply(yaml, $"a={value}"));
    }

    [Fact]
    public void Replace_UnmatchedOptionalGroup_ExpandsToEmpty()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: (x)?(.*)
                target_label: b
                replacement: "[$1|$2]"
            """;

        Assert.Equal("a=foo b=[|foo]", Apply(Yaml, "a=foo"));
    }

    [Fact]
    public void Replace_TmpLabels_CarryValuesBetweenRulesAndAreOrdinaryLabels()
    {
        // __tmp_ is only a naming convention: relabeling keeps such labels until a rule removes them.
        const string Yaml = """
            relabel_configs:
              - source_labels: [__address__]
                regex: (.*):(\d+)
                target_label: __tmp_port
                replacement: $2
              - source_labels: [__tmp_port]
                regex: "9100"
                action: keep
              - source_labels: [__tmp_port]
                target_label: port
            """;
        var rules = Rules(Yaml);

        Assert.Equal("__address__=h:9100 __tmp_port=9100 port=9100", Apply(rules, "__address__=h:9100"));
        Assert.Equal("dropped", Apply(rules, "__address__=h:9200"));
    }

    [Fact]
    public void Replace_RealLifeTagParsing_MatchesPrometheus()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [__meta_sd_tags]
                regex: (?:.+,|^)path:(/[^,]+).*
                target_label: __metrics_path__
                replacement: ${1}
              - source_labels: [__meta_sd_tags]
                regex: (?:.+,|^)job:([^,]+).*
                target_label: job
                replacement: ${1}
              - source_labels: [__meta_sd_tags]
                regex: (?:.+,|^)label:([^=]+)=([^,]+).*
                target_label: ${1}
                replacement: ${2}
            """;

        Assert.Equal(
            "__meta_sd_tags=path:/secret,job:some-job,label:foo=bar __metrics_path__=/secret foo=bar job=some-job",
            Apply(Yaml, "__meta_sd_tags=path:/secret,job:some-job,label:foo=bar"));
    }
}
