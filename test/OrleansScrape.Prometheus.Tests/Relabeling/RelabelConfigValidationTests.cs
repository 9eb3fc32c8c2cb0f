using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

/// <summary>Each of Prometheus's relabel validation rules, refused through the YAML reader at the offending line.</summary>
public sealed class RelabelConfigValidationTests
{
    // The rule starts on line 2; its keys follow one per line from line 2.
    private static void AssertRefused(string ruleBody, int line, string reason)
    {
        var error = Refused("relabel_configs:\n  - " + ruleBody.Replace("\n", "\n    "));

        Assert.Equal(FileName, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("relabel_configs[0]: " + reason, error.Reason);
    }

    [Fact]
    public void ActionEmpty_IsRefused() =>
        AssertRefused("source_labels: [a]\naction:", 3, "relabel action cannot be empty");

    [Fact]
    public void ActionUnknown_IsRefused() =>
        AssertRefused("source_labels: [a]\naction: frobnicate", 3, "unknown relabel action \"frobnicate\"");

    [Fact]
    public void HashModWithoutModulus_IsRefusedAtTheRule() =>
        AssertRefused("source_labels: [a]\ntarget_label: b\naction: hashmod", 2, "relabel configuration for hashmod requires non-zero modulus");

    [Fact]
    public void HashModWithZeroModulus_IsRefusedAtModulus() =>
        AssertRefused("target_label: b\nmodulus: 0\naction: hashmod", 3, "relabel configuration for hashmod requires non-zero modulus");

    [Theory]
    [InlineData("replace", "")]
    [InlineData("hashmod", "\nmodulus: 4")]
    [InlineData("lowercase", "")]
    [InlineData("uppercase", "")]
    [InlineData("keepequal", "")]
    [InlineData("dropequal", "")]
    public void TargetLabelRequired_MissingTargetLabel_IsRefused(string action, string extra) =>
        AssertRefused($"source_labels: [a]\naction: {action}{extra}", 2, $"relabel configuration for {action} action requires 'target_label' value");

    // Prometheus 3 validates names with its UTF-8 scheme by default (what the Collector's receiver runs):
    // any non-empty, well-formed text is a label name, so the reference configs' "service.name" is one.
    [Theory]
    [InlineData("foo-bar")]
    [InlineData("0abc")]
    [InlineData("a.b")]
    [InlineData("service.name")]
    [InlineData("-${1}")]
    [InlineData("0${3}")]
    [InlineData("${")]
    [InlineData("$")]
    [InlineData("-foo${1}bar-")]
    public void ReplaceTargetLabel_AnyUtf8Text_IsAccepted(string target) =>
        Assert.Equal(target, Rule($"relabel_configs:\n  - source_labels: [a]\n    target_label: \"{target}\"").TargetLabel);

    [Fact]
    public void ReplaceTargetLabel_NotWellFormedText_IsAnError() =>
        Assert.Equal("target_label", new RelabelConfig { SourceLabels = ["a"], TargetLabel = "a\uD800" }.Validate()?.Key);

    [Theory]
    [InlineData("label${1}")]
    [InlineData("${1}label")]
    [InlineData("${1}")]
    [InlineData("$1")]
    [InlineData("asd$2asd")]
    [InlineData("_${1}_")]
    [InlineData("foo${bar}foo")]
    public void ReplaceTargetTemplate_ValidTemplate_IsAccepted(string target) =>
        Assert.Equal(target, Rule($"relabel_configs:\n  - source_labels: [a]\n    target_label: \"{target}\"").TargetLabel);

    [Theory]
    [InlineData("lowercase")]
    [InlineData("uppercase")]
    [InlineData("keepequal")]
    [InlineData("dropequal")]
    public void TargetLabel_OfNameOnlyActions_IsAnyUtf8Text(string action) =>
        Assert.Equal("k8s.pod.name", Rule($"relabel_configs:\n  - source_labels: [a]\n    target_label: k8s.pod.name\n    action: {action}").TargetLabel);

    [Theory]
    [InlineData("lowercase")]
    [InlineData("uppercase")]
    [InlineData("keepequal")]
    [InlineData("dropequal")]
    public void Replacement_SetWhereNotAllowed_IsRefused(string action) =>
        AssertRefused($"source_labels: [a]\ntarget_label: b\nreplacement: x\naction: {action}", 4, $"'replacement' can not be set for {action} action");

    [Fact]
    public void LabelMapReplacement_Empty_IsRefused() =>
        AssertRefused("regex: (.*)\nreplacement: \"\"\naction: labelmap", 3, "\"\" is invalid 'replacement' for labelmap action");

    [Theory]
    [InlineData("foo-$1")]
    [InlineData("1abc")]
    public void LabelMapReplacement_AnyUtf8Text_IsAccepted(string replacement) =>
        Assert.Equal(replacement, Rule($"relabel_configs:\n  - regex: (.*)\n    replacement: \"{replacement}\"\n    action: labelmap").Replacement);

    [Fact]
    public void HashModTargetLabel_AnyUtf8Text_IsAccepted() =>
        Assert.Equal("a.b", Rule("relabel_configs:\n  - target_label: a.b\n    modulus: 2\n    action: hashmod").TargetLabel);

    [Theory]
    [InlineData("keepequal", "regex: (.*)", 4)] // even the default pattern counts once written
    [InlineData("keepequal", "modulus: 3", 4)]
    [InlineData("dropequal", "separator: \",\"", 4)]
    [InlineData("dropequal", "regex: foo", 4)]
    public void EqualActions_OtherFieldsSet_AreRefused(string action, string field, int line) =>
        AssertRefused($"source_labels: [a]\ntarget_label: b\n{field}\naction: {action}", line,
            $"{action} action requires only 'source_labels' and `target_label`, and no other fields");

    [Fact]
    public void EqualActions_ExplicitDefaultSeparator_IsAccepted() =>
        Assert.Equal(RelabelAction.KeepEqual, Rule("relabel_configs:\n  - source_labels: [a]\n    target_label: b\n    separator: \";\"\n    action: keepequal").Action);

    [Theory]
    [InlineData("labeldrop", "source_labels: [a]")]
    [InlineData("labeldrop", "source_labels: []")]
    [InlineData("labelkeep", "target_label: b")]
    [InlineData("labelkeep", "modulus: 2")]
    [InlineData("labeldrop", "separator: \",\"")]
    [InlineData("labelkeep", "replacement: x")]
    public void LabelDropKeep_FieldsOtherThanRegex_AreRefused(string action, string field) =>
        AssertRefused($"regex: a.*\n{field}\naction: {action}", 3, $"{action} action requires only 'regex', and no other fields");

    [Fact]
    public void InvalidRegex_IsRefusedAtRegex() =>
        AssertRefused("source_labels: [a]\nregex: (foo\naction: keep", 3, "error parsing regexp: missing closing ): `^(?s:(foo)$`");

    [Fact]
    public void UnsupportedRegex_IsRefusedAtRegex() =>
        AssertRefused("source_labels: [a]\nregex: (?=x)\naction: keep", 3,
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=` (lookahead assertions are not supported by RE2)");

    [Fact]
    public void SourceLabel_Empty_IsRefusedAtTheItem() =>
        AssertRefused("source_labels:\n  - good\n  - \"\"\naction: keep", 4, "\"\" is not a valid label name");

    [Fact]
    public void Modulus_NotAnInteger_IsRefused() =>
        AssertRefused("target_label: b\nmodulus: three\naction: hashmod", 3, "modulus \"three\" is not a non-negative integer");

    [Fact]
    public void Modulus_Negative_IsRefused() =>
        AssertRefused("target_label: b\nmodulus: -1\naction: hashmod", 3, "modulus \"-1\" is not a non-negative integer");

    [Fact]
    public void UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused("relabel_configs:\n  - source_labels: [a]\n    target_labels: b\n");

        Assert.Equal(3, error.Line);
        Assert.StartsWith("unknown key \"target_labels\" in relabel_configs[0]", error.Reason);
    }

    [Fact]
    public void NullRule_IsRefused()
    {
        var error = Refused("relabel_configs:\n  - source_labels: [a]\n    target_label: b\n  -\n");

        Assert.Equal("relabel_configs[1]: empty or null relabeling rule", error.Reason);
    }

    [Fact]
    public void RuleThatIsNotAMapping_IsRefused() =>
        Assert.Equal("relabel_configs[0] must be a mapping", Refused("relabel_configs:\n  - keep\n").Reason);

    [Fact]
    public void FieldThatIsNotAScalar_IsRefused()
    {
        var error = Refused("relabel_configs:\n  - source_labels: [a]\n    target_label: [b]\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("relabel_configs[0].target_label must be a single value", error.Reason);
    }

    [Fact]
    public void SourceLabelsThatIsNotAList_IsRefused()
    {
        var error = Refused("relabel_configs:\n  - source_labels: a\n    target_label: b\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("relabel_configs[0].source_labels must be a list of label names", error.Reason);
    }

    [Fact]
    public void ValidateDirectly_ExplicitDefaultPatternForKeepEqual_IsAnError()
    {
        var unset = new RelabelConfig { SourceLabels = ["a"], TargetLabel = "b", Action = RelabelAction.KeepEqual };
        var explicitDefault = unset with { Regex = RelabelRegex.Parse("(.*)") };

        Assert.Null(unset.Validate());
        Assert.Equal(new RelabelValidationError("regex", "keepequal action requires only 'source_labels' and `target_label`, and no other fields"), explicitDefault.Validate());
    }

    [Fact]
    public void ValidateDirectly_InvalidSourceLabel_IsAnError() =>
        Assert.Equal("source_labels", new RelabelConfig { SourceLabels = ["a\uDC00b"], TargetLabel = "x" }.Validate()?.Key);
}
