using OrleansScrape.Kubernetes.Operator.Resources;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData(LabelSelectorOperator.In, "web,api", true)]
    [InlineData(LabelSelectorOperator.In, "api", false)]
    [InlineData(LabelSelectorOperator.NotIn, "api", true)]
    [InlineData(LabelSelectorOperator.NotIn, "web", false)]
    [InlineData(LabelSelectorOperator.Exists, "", true)]
    [InlineData(LabelSelectorOperator.DoesNotExist, "", false)]
    public void Match_expressions_follow_Kubernetes_semantics(LabelSelectorOperator op, string values, bool matches)
    {
        var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement("app", op, values.Split(',', StringSplitOptions.RemoveEmptyEntries))] };

        Assert.Equal(matches, selector.Matches(Labels));
    }

    [Fact]
    public void NotIn_and_DoesNotExist_match_objects_without_the_label()
    {
        var notIn = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement("owner", LabelSelectorOperator.NotIn, ["x"])] };
        var doesNotExist = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement("owner", LabelSelectorOperator.DoesNotExist, [])] };

        Assert.True(notIn.Matches(Labels));
        Assert.True(doesNotExist.Matches(Labels));
    }

    [Fact]
    public void An_empty_selector_matches_everything()
    {
        Assert.True(LabelSelector.Everything.Matches(Labels));
        Assert.True(LabelSelector.Everything.Matches(new Dictionary<string, string>()));
    }

    [Fact]
    public void The_query_form_is_the_API_servers_label_selector_syntax()
    {
        var selector = new LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
            MatchExpressions =
            [
                new LabelSelectorRequirement("c", LabelSelectorOperator.In, ["x", "y"]),
                new LabelSelectorRequirement("d", LabelSelectorOperator.NotIn, ["z"]),
                new LabelSelectorRequirement("e", LabelSelectorOperator.Exists, []),
                new LabelSelectorRequirement("f", LabelSelectorOperator.DoesNotExist, []),
            ],
        };

        Assert.Equal("a=1,b=2,c in (x,y),d notin (z),e,!f", selector.ToQuery());
    }
}
