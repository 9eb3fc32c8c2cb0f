using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class RelabelConfigReaderTests
{
    [Fact]
    public void Read_EmptyRule_HasPrometheusDefaults()
    {
        var rule = Rule("relabel_configs:\n  - target_label: x\n");

        Assert.Equal(new RelabelConfig { TargetLabel = "x" }, rule);
        Assert.Empty(rule.SourceLabels);
        Assert.Equal(";", rule.Separator);
        Assert.Equal("(.*)", rule.Regex.Pattern);
        Assert.True(rule.Regex.IsDefault);
        Assert.Equal(0UL, rule.Modulus);
        Assert.Equal("$1", rule.Replacement);
        Assert.Equal(RelabelAction.Replace, rule.Action);
    }

    [Fact]
    public void Read_AllFields()
    {
        var rule = Rule("""
            relabel_configs:
              - source_labels: [a, b]
                separator: ","
                regex: x(.*)
                modulus: 8
                target_label: t
                replacement: r$1
                action: replace
            """);

        Assert.Equal(["a", "b"], rule.SourceLabels);
        Assert.Equal(",", rule.Separator);
        Assert.Equal("x(.*)", rule.Regex.Pattern);
        Assert.False(rule.Regex.IsDefault);
        Assert.Equal(8UL, rule.Modulus);
        Assert.Equal("t", rule.TargetLabel);
        Assert.Equal("r$1", rule.Replacement);
    }

    [Theory]
    [InlineData("source_labels: [a]\n    action: Keep", RelabelAction.Keep)]
    [InlineData("regex: x\n    action: LABELMAP", RelabelAction.LabelMap)]
    [InlineData("target_label: b\n    modulus: 2\n    action: HashMod", RelabelAction.HashMod)]
    [InlineData("source_labels: [a]\n    target_label: b\n    action: dropEqual", RelabelAction.DropEqual)]
    public void Read_ActionName_IsCaseInsensitive(string body, RelabelAction expected) =>
        Assert.Equal(expected, Rule($"relabel_configs:\n  - {body}\n").Action);

    [Fact]
    public void Read_NullFields_TakeGoZeroValues()
    {
        // As with Prometheus's YAML decoding, a null separator is "", not the default ";".
        var rule = Rule("relabel_configs:\n  - source_labels:\n    separator:\n    regex:\n    target_label: t\n    replacement: ~\n");

        Assert.Empty(rule.SourceLabels);
        Assert.Equal("", rule.Separator);
        Assert.Equal("", rule.Regex.Pattern);
        Assert.Equal("", rule.Replacement);
    }

    [Fact]
    public void Read_TemplatesAreNotEnvironmentExpanded()
    {
        Environment.SetEnvironmentVariable("name", null);

        var rule = Rule("relabel_configs:\n  - source_labels: [a]\n    regex: (?P<name>.*)\n    target_label: ${name}\n    replacement: ${name}-$$\n");

        Assert.Equal("${name}", rule.TargetLabel);
        Assert.Equal("${name}-$$", rule.Replacement);
    }

    [Fact]
    public void ReadList_AbsentKey_IsEmpty() => Assert.Empty(Rules("other: 1\n"));

    [Fact]
    public void ReadList_NestedUnderScrapeConfig_ReportsQualifiedPath()
    {
        const string Yaml = """
            scrape_configs:
              - job_name: pods
                metric_relabel_configs:
                  - source_labels: [__name__]
                    regex: go_.*
                    action: drop
                  - action: hashmod
                    target_label: x
            """;
        var job = YamlDocument.Load(Yaml, FileName).GetMappingSequence("scrape_configs")[0];

        var error = Assert.Throws<ConfigException>(() => RelabelConfigReader.ReadList(job, "metric_relabel_configs"));

        Assert.Equal(7, error.Line);
        Assert.Equal("scrape_configs[0].metric_relabel_configs[1]: relabel configuration for hashmod requires non-zero modulus", error.Reason);
    }

    [Fact]
    public void ReadList_SeveralRules_KeepTheirOrder()
    {
        var rules = Rules("""
            relabel_configs:
              - source_labels: [a]
                action: drop
              - target_label: b
                replacement: c
              - action: labeldrop
                regex: z
            """);

        Assert.Equal([RelabelAction.Drop, RelabelAction.Replace, RelabelAction.LabelDrop], rules.Select(r => r.Action));
    }
}
