using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class TemplateExpansionTests
{
    // Runs a replace rule over a=abc-123 and returns the value written to "out" (null when none).
    private static string? Expand(string replacement)
    {
        var rule = new RelabelConfig
        {
            SourceLabels = ["a"],
            Regex = RelabelRegex.Parse("(?P<first>[a-z]+)-(?P<second>[0-9]+)"),
            TargetLabel = "out",
            Replacement = replacement,
        };
        var result = new Relabeler([rule]).Apply(Labels("a=abc-123"))!;
        return result.Where(l => l.Name == "out").Select(l => l.Value).SingleOrDefault();
    }

    [Theory]
    [InlineData("$1", "abc")]
    [InlineData("$2", "123")]
    [InlineData("$2$1", "123abc")]
    [InlineData("$1.$2", "abc.123")]
    [InlineData("$0", "abc-123")]
    public void DollarNumber_ExpandsGroup(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Theory]
    [InlineData("${1}", "abc")]
    [InlineData("${1}x", "abcx")]
    [InlineData("x${2}y", "x123y")]
    public void BracedNumber_ExpandsGroupAndDelimitsName(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Theory]
    [InlineData("${first}", "abc")]
    [InlineData("${first}${second}", "abc123")]
    [InlineData("$second", "123")]
    [InlineData("$first:$second", "abc:123")]
    public void GroupName_ExpandsNamedGroup(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Theory]
    [InlineData("$$", "$")]
    [InlineData("$$1", "$1")]
    [InlineData("a$$b", "a$b")]
    public void DoubleDollar_IsALiteralDollar(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Theory]
    [InlineData("$1x")] // the name is "1x": longest run of letters, digits and underscores
    [InlineData("$first_suffix")]
    [InlineData("$firstsecond")]
    public void DollarName_TakesTheLongestWordRun_UnknownGroupIsEmpty(string template) =>
        Assert.Null(Expand(template)); // empty expansion deletes (so never writes) the target

    [Fact]
    public void DollarName_UnknownGroupInsideText_ExpandsToNothing() => Assert.Equal("x--y", Expand("x-$1x-y"));

    [Theory]
    [InlineData("$3")] // no third group
    [InlineData("$01")] // a leading zero makes it a name, and no group is named "01"
    [InlineData("${nope}")]
    public void MissingGroup_ExpandsToEmpty(string template) => Assert.Null(Expand(template));

    [Theory]
    [InlineData("cost $", "cost $")]
    [InlineData("${1", "${1")]
    [InlineData("a$-b", "a$-b")]
    [InlineData("${}", "${}")]
    [InlineData("$ 1", "$ 1")]
    public void MalformedReference_KeepsTheDollar(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Fact]
    public void GroupThatDidNotParticipate_ExpandsToEmpty()
    {
        var rule = new RelabelConfig
        {
            SourceLabels = ["a"],
            Regex = RelabelRegex.Parse("(x)?(.+)"),
            TargetLabel = "out",
            Replacement = "<$1>",
        };

        Assert.Equal("a=abc out=<>", Format(new Relabeler([rule]).Apply(Labels("a=abc"))));
    }
}
