using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class RelabelerTests
{
    [Fact]
    public void Process_AppliesRulesInOrderToTheBuilder()
    {
        var relabeler = new Relabeler(
        [
            new RelabelConfig { SourceLabels = ["a"], TargetLabel = "b" },
            new RelabelConfig { SourceLabels = ["b"], Regex = RelabelRegex.Parse("(.)(.*)"), TargetLabel = "c", Replacement = "$2$1" },
        ]);
        var builder = new LabelsBuilder(Labels("a=xyz"));

        Assert.True(relabeler.Process(builder));
        Assert.Equal("a=xyz b=xyz c=yzx", Format(builder.ToArray()));
    }

    [Fact]
    public void Process_ReusedBuilder_StartsFreshAfterReset()
    {
        var relabeler = new Relabeler([new RelabelConfig { Action = RelabelAction.LabelDrop, Regex = RelabelRegex.Parse("tmp") }]);
        var builder = new LabelsBuilder();

        builder.Reset(Labels("tmp=1", "a=1"));
        relabeler.Process(builder);
        builder.Reset(Labels("tmp=2", "b=2"));
        relabeler.Process(builder);

        Assert.Equal("b=2", Format(builder.ToArray()));
    }

    [Fact]
    public void Empty_KeepsLabelsUnchanged() =>
        Assert.Equal("a=1", Format(Relabeler.Empty.Apply(Labels("a=1"))));

    [Fact]
    public void Constructor_InvalidRule_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Relabeler([new RelabelConfig { Action = RelabelAction.HashMod, TargetLabel = "x" }]));

        Assert.StartsWith("relabel rule 0: relabel configuration for hashmod requires non-zero modulus", error.Message);
    }

    [Fact]
    public void Relabeler_IsSafeToShareBetweenThreads()
    {
        var relabeler = new Relabeler(Rules("""
            relabel_configs:
              - source_labels: [a]
                regex: (\d+)-(.*)
                target_label: out
                replacement: $2:$1
            """));

        Parallel.For(0, 2_000, i =>
        {
            var builder = new LabelsBuilder(Labels($"a={i}-v{i}"));
            relabeler.Process(builder);
            Assert.Equal($"v{i}:{i}", builder.Get("out"));
        });
    }
}
