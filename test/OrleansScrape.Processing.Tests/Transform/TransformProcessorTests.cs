using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Transform;
using static OrleansScrape.Processing.Tests.Transform.TransformTestBatches;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.Transform;

public sealed class TransformProcessorTests
{
    private static readonly Attribute[] Point = [new("method", "GET"), new("code", "200"), new("path", "/api/v1/users")];

    [Fact]
    public void Set_copies_one_attribute_into_another() =>
        Assert.Equal("GET", OnPoint(Point, "set(attributes[\"http.method\"], attributes[\"method\"])")["http.method"]);

    [Fact]
    public void Set_to_nil_does_nothing() =>
        Assert.False(OnPoint(Point, "set(attributes[\"x\"], attributes[\"missing\"])").ContainsKey("x"));

    [Theory]
    [InlineData("42", "42")]
    [InlineData("1.5", "1.5")]
    [InlineData("true", "true")]
    [InlineData("\"a\\\"b\\\\c\\n\"", "a\"b\\c\n")]
    public void Set_of_a_literal_stores_its_text(string literal, string expected) =>
        Assert.Equal(expected, OnPoint(Point, $"set(attributes[\"x\"], {literal})")["x"]);

    [Fact]
    public void Delete_key_removes_one_key() =>
        Assert.Equal(["code", "path"], OnPoint(Point, "delete_key(attributes, \"method\")").Keys);

    [Fact]
    public void Delete_matching_keys_removes_every_key_the_pattern_matches() =>
        Assert.Equal(["path"], OnPoint(Point, "delete_matching_keys(attributes, \"^(method|code)$\")").Keys);

    [Fact]
    public void Keep_keys_keeps_only_the_listed_keys() =>
        Assert.Equal(["method", "path"], OnPoint(Point, "keep_keys(attributes, [\"path\", \"method\"])").Keys);

    [Fact]
    public void Replace_pattern_rewrites_a_value_with_capture_groups() =>
        Assert.Equal("/api/{version}/users", OnPoint(Point, "replace_pattern(attributes[\"path\"], \"/v[0-9]+/\", \"/{version}/\")")["path"]);

    [Fact]
    public void Replace_pattern_expands_group_references() =>
        Assert.Equal("users@api", OnPoint(Point, "replace_pattern(attributes[\"path\"], \"^/(\\\\w+)/v1/(\\\\w+)$\", \"$2@$1\")")["path"]);

    [Fact]
    public void Replace_all_patterns_in_value_mode_rewrites_every_value() =>
        Assert.Equal(["GET", "2xx", "/api/vN/users"],
            OnPoint(Point, "replace_all_patterns(attributes, \"value\", \"[0-9]\", \"N\")", "replace_pattern(attributes[\"code\"], \"^NNN$\", \"2xx\")").Values);

    [Fact]
    public void Replace_all_patterns_in_key_mode_renames_keys() =>
        Assert.Equal(["http_method", "http_code", "http_path"], OnPoint(Point, "replace_all_patterns(attributes, \"key\", \"^\", \"http_\")").Keys);

    [Theory]
    [InlineData("insert", "GET", "b")]
    [InlineData("update", "POST", null)]
    [InlineData("upsert", "POST", "b")]
    public void Merge_maps_follows_its_strategy(string strategy, string method, string? added)
    {
        var result = OnPoint(Point, $"merge_maps(attributes, ParseJSON(\"{{\\\"method\\\":\\\"POST\\\",\\\"a\\\":\\\"b\\\"}}\"), \"{strategy}\")");
        Assert.Equal(method, result["method"]);
        Assert.Equal(added, result.GetValueOrDefault("a"));
    }

    [Fact]
    public void Parse_json_values_that_are_not_strings_become_json_text()
    {
        var result = OnPoint(Point, "merge_maps(attributes, ParseJSON(\"{\\\"n\\\":3,\\\"f\\\":1.5,\\\"b\\\":true,\\\"o\\\":{\\\"x\\\":[1,\\\"y\\\"]}}\"), \"upsert\")");
        Assert.Equal(("3", "1.5", "true", "{\"x\":[1,\"y\"]}"), (result["n"], result["f"], result["b"], result["o"]));
    }

    [Fact]
    public void Concat_joins_values_with_the_delimiter() =>
        Assert.Equal("GET-200-<nil>", OnPoint(Point, "set(attributes[\"key\"], Concat([attributes[\"method\"], attributes[\"code\"], attributes[\"none\"]], \"-\"))")["key"]);

    [Theory]
    [InlineData("IsMatch(attributes[\"path\"], \"^/api\")", true)]
    [InlineData("IsMatch(attributes[\"path\"], \"^/web\")", false)]
    [InlineData("IsMatch(attributes[\"missing\"], \".*\")", false)]
    [InlineData("attributes[\"method\"] == \"GET\"", true)]
    [InlineData("attributes[\"method\"] != \"GET\"", false)]
    [InlineData("attributes[\"missing\"] == nil", true)]
    [InlineData("attributes[\"method\"] != nil", true)]
    [InlineData("attributes[\"method\"] == \"GET\" and attributes[\"code\"] == \"500\"", false)]
    [InlineData("attributes[\"method\"] == \"PUT\" or attributes[\"code\"] == \"200\"", true)]
    [InlineData("not attributes[\"method\"] == \"GET\"", false)]
    [InlineData("not (attributes[\"method\"] == \"PUT\" or false)", true)]
    [InlineData("IsString(attributes[\"code\"])", true)]
    [InlineData("IsString(attributes[\"missing\"])", false)]
    [InlineData("Len(attributes[\"method\"]) > 2", true)]
    [InlineData("Len(attributes[\"method\"]) >= 4", false)]
    [InlineData("Len(\"\") > 0", false)]
    [InlineData("1 < 2.5", true)]
    [InlineData("\"a\" < \"b\"", true)]
    [InlineData("attributes[\"code\"] == 200", false)]
    public void Where_condition_decides_whether_the_editor_runs(string condition, bool runs) =>
        Assert.Equal(runs, OnPoint(Point, $"set(attributes[\"hit\"], \"yes\") where {condition}").ContainsKey("hit"));

    [Fact]
    public void Resource_attributes_are_readable_from_the_datapoint_context() =>
        Assert.Equal("svc", OnPoint(Point, "set(attributes[\"service\"], resource.attributes[\"service.name\"])")["service"]);

    [Fact]
    public void Metric_name_is_readable_from_the_datapoint_context() =>
        Assert.True(OnPoint(Point, "set(attributes[\"counted\"], \"1\") where metric.name == \"requests_total\"").ContainsKey("counted"));

    [Fact]
    public void Cache_holds_a_value_between_statements_of_one_point() =>
        Assert.Equal("GET", OnPoint(Point, "set(cache[\"m\"], attributes[\"method\"])", "set(attributes[\"copy\"], cache[\"m\"])")["copy"]);

    [Fact]
    public void Metric_context_renames_metrics_and_sets_descriptions()
    {
        var batch = Run(OttlContext.Metric, ["set(name, Concat([\"app\", name], \".\")) where name == \"requests_total\"", "set(description, \"All requests.\")"],
            Batch([new("service.name", "svc")], Point));
        Assert.Equal(("app.requests_total", "All requests."), (batch.Metrics[0].Name, batch.Metrics[0].Description));
        Assert.Equal(5, batch.Points[0].Value);
    }

    [Fact]
    public void Resource_context_edits_resource_attributes_and_shares_points()
    {
        var input = Batch([new("service.name", "svc"), new("processor", "x")], Point);
        var output = Run(OttlContext.Resource, ["delete_key(attributes, \"processor\")"], input);
        Assert.Equal(["service.name"], ResourceAttributes(output).Keys);
        Assert.Same(input.Points, output.Points);
    }

    [Fact]
    public void Unchanged_resource_returns_the_same_batch()
    {
        var input = Batch([new("service.name", "svc")], Point);
        Assert.Same(input, Run(OttlContext.Resource, ["delete_key(attributes, \"absent\")"], input));
    }

    [Fact]
    public void Histogram_exponential_histogram_and_summary_points_are_transformed_and_keep_their_values()
    {
        var input = Batch([new("service.name", "svc")], Point, allKinds: true);
        var output = Run(OttlContext.DataPoint, ["delete_key(attributes, \"path\")"], input);

        Assert.All(new[]
            {
                output.AttributesOf(output.Points[0]).ToArray(), output.AttributesOf(output.HistogramPoints[0]).ToArray(),
                output.AttributesOf(output.SummaryPoints[0]).ToArray(), output.AttributesOf(output.ExponentialHistogramPoints[0]).ToArray(),
            },
            attributes => Assert.Equal(["method", "code"], attributes.Select(a => a.Key)));
        Assert.Equal(input.BucketCountsOf(input.HistogramPoints[0]).ToArray(), output.BucketCountsOf(output.HistogramPoints[0]).ToArray());
        Assert.Equal(input.QuantilesOf(input.SummaryPoints[0]).ToArray(), output.QuantilesOf(output.SummaryPoints[0]).ToArray());
        Assert.Equal((UInt128)7, output.ExemplarsOf(output.Points[0])[0].TraceId);
        var exponential = output.ExponentialHistogramPoints[0];
        Assert.Equal(input.ExponentialHistogramPoints[0] with { AttributeStart = 0, AttributeCount = 0, CountsStart = 0, ExemplarStart = 0 },
            exponential with { AttributeStart = 0, AttributeCount = 0, CountsStart = 0, ExemplarStart = 0 });
        Assert.Equal([1UL, 2], output.PositiveBucketCountsOf(exponential).ToArray());
        Assert.Equal([0UL], output.NegativeBucketCountsOf(exponential).ToArray());
        Assert.Equal((UInt128)8, output.ExemplarsOf(exponential)[0].TraceId);
    }

    [Fact]
    public void Flat_statements_take_their_context_from_their_paths()
    {
        var batch = new TransformProcessor(new TransformOptions
        {
            MetricStatements =
            [
                new TransformStatementGroup(null, ["set(resource.attributes[\"env\"], \"prod\")"]),
                new TransformStatementGroup(null, ["set(datapoint.attributes[\"env\"], resource.attributes[\"env\"])"]),
            ],
        }).Process(Batch([new("service.name", "svc")], Point));

        Assert.Equal("prod", ResourceAttributes(batch)["env"]);
        Assert.Equal("prod", PointAttributes(batch)["env"]);
    }

    [Fact]
    public void Group_without_context_names_the_cache_of_its_context_with_the_prefix() =>
        Assert.Equal("GET", PointAttributes(Run(null, ["set(datapoint.cache[\"m\"], datapoint.attributes[\"method\"])", "set(datapoint.attributes[\"copy\"], datapoint.cache[\"m\"])"],
            Batch([], Point)))["copy"]);

    [Fact]
    public void Error_mode_propagate_refuses_the_batch()
    {
        var error = Assert.Throws<TransformException>(() => Run(OttlContext.DataPoint, ["merge_maps(attributes, ParseJSON(attributes[\"path\"]), \"upsert\")"], Batch([], Point)));
        Assert.Contains("ParseJSON", error.Message);
    }

    [Fact]
    public void Error_mode_ignore_skips_the_failing_statement_and_runs_the_next()
    {
        var processor = new TransformProcessor(new TransformOptions
        {
            ErrorMode = TransformErrorMode.Ignore,
            MetricStatements = [new TransformStatementGroup(OttlContext.DataPoint,
                ["merge_maps(attributes, ParseJSON(attributes[\"path\"]), \"upsert\")", "set(attributes[\"after\"], \"ran\")"])],
        });
        var batch = processor.Process(Batch([], Point));

        Assert.Equal("ran", PointAttributes(batch)["after"]);
        Assert.Equal(1, processor.ErrorCount);
        Assert.Contains("not JSON", processor.LastError);
    }

    [Fact]
    public void Error_mode_silent_counts_without_remembering()
    {
        var processor = new TransformProcessor(new TransformOptions
        {
            ErrorMode = TransformErrorMode.Silent,
            MetricStatements = [new TransformStatementGroup(OttlContext.DataPoint, ["set(attributes[\"n\"], Len(nil))"])],
        });
        processor.Process(Batch([], Point));
        Assert.Equal((1L, (string?)null), (processor.ErrorCount, processor.LastError));
    }
}
