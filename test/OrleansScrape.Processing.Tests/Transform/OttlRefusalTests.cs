using OrleansScrape.Processing.Transform;

namespace OrleansScrape.Processing.Tests.Transform;

public sealed class OttlRefusalTests
{
    [Theory]
    [InlineData("truncate_all(attributes, 10)", 1, "editor \"truncate_all\" is not supported")]
    [InlineData("set(attributes[\"a\"], SHA256(attributes[\"b\"]))", 22, "converter \"SHA256\" is not supported")]
    [InlineData("IsMatch(attributes[\"a\"], \"x\")", 1, "IsMatch is a converter")]
    [InlineData("set(attributes[\"a\"], \"b\") where attributes[\"c\"]", 33, "expected a condition")]
    [InlineData("set(span.name, \"x\")", 5, "path \"span.name\" is not supported in the datapoint context")]
    [InlineData("set(attributes[\"a\"][\"b\"], \"x\")", 20, "nested keys")]
    [InlineData("set(attributes[key], \"x\")", 16, "map keys must be string literals")]
    [InlineData("set(attributes[\"a\"], \"unclosed)", 22, "not closed")]
    [InlineData("set(attributes[\"a\"], \"\\q\")", 23, "unknown escape")]
    [InlineData("delete_key(attributes[\"a\"], \"b\")", 12, "expected a map")]
    [InlineData("merge_maps(attributes, cache, \"replace\")", 31, "strategy of merge_maps")]
    [InlineData("replace_all_patterns(attributes, \"both\", \"a\", \"b\")", 34, "mode of replace_all_patterns")]
    [InlineData("delete_matching_keys(attributes, \"(\")", 34, "not a valid regular expression")]
    [InlineData("set(attributes[\"a\"])", 1, "set takes 2 arguments, not 1")]
    [InlineData("set(attributes[\"a\"], 1) where", 30, "the statement ends where a value is expected")]
    [InlineData("set(attributes[\"a\"], 1) extra", 25, "unexpected \"extra\"")]
    [InlineData("set(attributes[\"a\"], 1 + 2)", 24, "unexpected character '+'")]
    public void Statement_outside_the_subset_is_refused_with_its_column(string statement, int column, string reason)
    {
        var problem = TransformOptions.Check(statement, OttlContext.DataPoint);

        Assert.NotNull(problem);
        Assert.Equal(column, problem.Column);
        Assert.Contains(reason, problem.Reason);
        Assert.Contains(statement, problem.Message);
    }

    [Fact]
    public void Metric_paths_are_refused_in_the_resource_context() =>
        Assert.Contains("not supported in the resource context", TransformOptions.Check("set(attributes[\"a\"], metric.name)", OttlContext.Resource)!.Reason);

    [Fact]
    public void Flat_statement_without_qualified_paths_is_refused() =>
        Assert.Contains("cannot tell the context", TransformOptions.Check("set(attributes[\"a\"], \"b\")", null)!.Reason);

    [Theory]
    [InlineData("truncate_all(resource.attributes, 10)", 1, "the editor \"truncate_all\" is not supported")]
    [InlineData("set(resource.attributes[\"a\"], SHA256(resource.attributes[\"b\"]))", 31, "the converter \"SHA256\" is not supported")]
    [InlineData("set(resource.attributes[\"a\"], attributes[\"b\"])", 31, "the path \"attributes\" needs its context prefix in a group without context")]
    [InlineData("set(resource.attributes[\"a\"], cache[\"b\"])", 31, "the path \"cache\" needs its context prefix")]
    public void Statement_outside_the_subset_in_a_group_without_context_is_refused_with_its_column(string statement, int column, string reason)
    {
        var problem = TransformOptions.Check(new TransformStatementGroup(null, ["replace_all_patterns(resource.attributes, \"key\", \"_\", \".\")", statement]));

        Assert.NotNull(problem);
        Assert.Equal((1, column), (problem.Statement, problem.Problem.Column));
        Assert.Contains(reason, problem.Problem.Reason);
        Assert.Contains(statement, problem.Problem.Message);
    }

    [Fact]
    public void Group_without_context_and_without_qualified_paths_is_refused()
    {
        var problem = TransformOptions.Check(new TransformStatementGroup(null, ["delete_key(attributes, \"a\")", "set(cache[\"b\"], \"c\")"]));

        Assert.Equal((0, 1), (problem!.Statement, problem.Problem.Column));
        Assert.Contains("cannot tell the context of the statements", problem.Problem.Reason);
    }

    [Fact]
    public void Processor_refuses_options_with_a_bad_statement() =>
        Assert.Throws<ArgumentException>(() => new TransformProcessor(new TransformOptions
        {
            MetricStatements = [new TransformStatementGroup(OttlContext.Resource, ["limit(attributes, 5, [])"])],
        }));
}
