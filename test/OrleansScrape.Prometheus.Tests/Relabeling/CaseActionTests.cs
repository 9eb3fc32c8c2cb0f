using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class CaseActionTests
{
    private const string Both = """
        relabel_configs:
          - source_labels: [foo]
            target_label: foo_uppercase
            action: uppercase
          - source_labels: [foo]
            target_label: foo_lowercase
            action: lowercase
        """;

    [Fact]
    public void Lowercase_And_Uppercase_SetTargetFromSourceValue() =>
        Assert.Equal("foo=bAr123Foo foo_lowercase=bar123foo foo_uppercase=BAR123FOO", Apply(Both, "foo=bAr123Foo"));

    [Fact]
    public void Lowercase_And_Uppercase_MapNonAsciiLikeGo()
    {
        // Go maps rune by rune with Unicode simple mappings: İ lowers to i, ı uppers to I, ß stays.
        Assert.Equal("foo=ÄÖİıß foo_lowercase=äöiıß foo_uppercase=ÄÖİIß", Apply(Both, "foo=ÄÖİıß"));
    }

    [Fact]
    public void Lowercase_MissingSource_DeletesTarget()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [missing]
                target_label: a
                action: lowercase
            """;

        Assert.Equal("b=1", Apply(Yaml, "a=X", "b=1"));
    }

    [Fact]
    public void Uppercase_JoinsSeveralSources()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, b]
                target_label: c
                action: uppercase
            """;

        Assert.Equal("a=x b=y c=X;Y", Apply(Yaml, "a=x", "b=y"));
    }
}
