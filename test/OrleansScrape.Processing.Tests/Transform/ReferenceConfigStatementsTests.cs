using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Transform;
using static OrleansScrape.Processing.Tests.Transform.TransformTestBatches;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.Transform;

/// <summary>The statement forms users' reference Collector configurations use, each with its exact output.</summary>
public sealed class ReferenceConfigStatementsTests
{
    private static MetricBatch RunGroups(params TransformStatementGroup[] groups) =>
        new TransformProcessor(new TransformOptions { MetricStatements = groups }).Process(
            Batch([new("service.name", "svc"), new("k8s.pod.name", "old")], [new("k8s_pod_name", "web-1"), new("method", "GET")]));

    [Fact]
    public void Datapoint_statement_sets_a_resource_attribute_from_a_point_attribute()
    {
        var output = RunGroups(new TransformStatementGroup(OttlContext.DataPoint,
            ["set(resource.attributes[\"k8s.pod.name\"], attributes[\"k8s_pod_name\"]) where attributes[\"k8s_pod_name\"] != nil"]));

        Assert.Equal([new Attribute("service.name", "svc"), new Attribute("k8s.pod.name", "web-1")], output.ResourceAttributes);
        Assert.Equal([new Attribute("k8s_pod_name", "web-1"), new Attribute("method", "GET")], output.AttributesOf(output.Points[0]).ToArray());
    }

    [Fact]
    public void Datapoint_statement_setting_a_resource_attribute_keeps_the_last_point_visited()
    {
        var output = Run(OttlContext.DataPoint,
            ["set(resource.attributes[\"k8s.pod.name\"], attributes[\"k8s_pod_name\"]) where attributes[\"k8s_pod_name\"] != nil"],
            TwoPoints([new("service.name", "svc")], [new("k8s_pod_name", "web-1")], [new("k8s_pod_name", "web-2")]));

        Assert.Equal([new Attribute("service.name", "svc"), new Attribute("k8s.pod.name", "web-2")], output.ResourceAttributes);
    }

    [Fact]
    public void Datapoint_statement_without_condition_sets_a_resource_attribute_and_nil_leaves_it()
    {
        var output = Run(OttlContext.DataPoint, ["set(resource.attributes[\"k8s.pod.ip\"], attributes[\"k8s_pod_ip\"])"],
            TwoPoints([new("service.name", "svc")], [new("k8s_pod_ip", "10.0.0.7")], [new("other", "x")]));

        Assert.Equal([new Attribute("service.name", "svc"), new Attribute("k8s.pod.ip", "10.0.0.7")], output.ResourceAttributes);
    }

    [Fact]
    public void Group_without_context_renames_resource_attribute_keys_in_their_order()
    {
        var input = Batch([new("service_name", "svc"), new("k8s.pod.name", "p_1"), new("host_name", "h")], [new("point_key", "v")]);

        var output = Run(null, ["replace_all_patterns(resource.attributes, \"key\", \"_\", \".\")"], input);

        Assert.Equal([new Attribute("service.name", "svc"), new Attribute("k8s.pod.name", "p_1"), new Attribute("host.name", "h")], output.ResourceAttributes);
        // Inferred as the resource context: the points are not visited, so they are shared.
        Assert.Same(input.Points, output.Points);
        Assert.Same(input.PointAttributes, output.PointAttributes);
    }

    [Fact]
    public void Group_without_context_replaces_resource_attribute_values()
    {
        var output = Run(null, ["replace_all_patterns(resource.attributes, \"value\", \"_\", \".\")"],
            Batch([new("service_name", "svc_a"), new("k8s.pod.name", "p_1")], []));

        Assert.Equal([new Attribute("service_name", "svc.a"), new Attribute("k8s.pod.name", "p.1")], output.ResourceAttributes);
    }

    [Fact]
    public void Renamed_key_that_exists_keeps_the_first_position_and_the_last_value()
    {
        var output = Run(null, ["replace_all_patterns(resource.attributes, \"key\", \"_\", \".\")"],
            Batch([new("a_b", "first"), new("c", "x"), new("a.b", "second")], []));

        Assert.Equal([new Attribute("a.b", "second"), new Attribute("c", "x")], output.ResourceAttributes);
    }

    [Fact]
    public void Group_without_context_runs_every_statement_in_the_most_specific_context()
    {
        // Both statements run per point (datapoint context), so the second point sees what the first point's resource statement set.
        var output = Run(null, ["set(datapoint.attributes[\"env\"], resource.attributes[\"env\"])", "set(resource.attributes[\"env\"], \"prod\")"],
            TwoPoints([new("env", "dev")], [new("id", "1")], [new("id", "2")]));

        Assert.Equal([new Attribute("id", "1"), new Attribute("env", "dev")], output.AttributesOf(output.Points[0]).ToArray());
        Assert.Equal([new Attribute("id", "2"), new Attribute("env", "prod")], output.AttributesOf(output.Points[1]).ToArray());
        Assert.Equal([new Attribute("env", "prod")], output.ResourceAttributes);
    }

    [Fact]
    public void Group_without_context_infers_the_metric_context_from_metric_and_resource_paths()
    {
        var output = RunGroups(new TransformStatementGroup(null,
            ["set(resource.attributes[\"renamed\"], \"yes\")", "set(metric.name, \"app.requests\") where metric.name == \"requests_total\""]));

        Assert.Equal("app.requests", output.Metrics[0].Name);
        Assert.Equal([new Attribute("service.name", "svc"), new Attribute("k8s.pod.name", "old"), new Attribute("renamed", "yes")], output.ResourceAttributes);
    }

    [Fact]
    public void Resource_context_set_where_IsString_with_qualified_paths() =>
        Assert.Equal([new Attribute("k8s.statefulset.name", "db"), new Attribute("k8s.workload.name", "db")],
            Run(OttlContext.Resource,
                ["set(resource.attributes[\"k8s.workload.name\"], resource.attributes[\"k8s.statefulset.name\"]) where IsString(resource.attributes[\"k8s.statefulset.name\"])"],
                Batch([new("k8s.statefulset.name", "db")], [])).ResourceAttributes);

    [Fact]
    public void Resource_context_delete_key_with_a_qualified_map() =>
        Assert.Equal([new Attribute("service.name", "svc")],
            Run(OttlContext.Resource, ["delete_key(resource.attributes, \"k8s.statefulset.name\")"],
                Batch([new("k8s.statefulset.name", "db"), new("service.name", "svc")], [])).ResourceAttributes);

    [Fact]
    public void Resource_context_merge_maps_of_parsed_json_with_qualified_paths() =>
        Assert.Equal(
            [new Attribute("metadata.dynatrace.com", "{\"dt.cost.costcenter\":\"cc-1\",\"service.name\":\"shop\"}"), new Attribute("service.name", "shop"),
             new Attribute("dt.cost.costcenter", "cc-1")],
            Run(OttlContext.Resource,
                ["merge_maps(resource.attributes, ParseJSON(resource.attributes[\"metadata.dynatrace.com\"]), \"upsert\") where IsMatch(resource.attributes[\"metadata.dynatrace.com\"], \"^\\\\{\")"],
                Batch([new("metadata.dynatrace.com", "{\"dt.cost.costcenter\":\"cc-1\",\"service.name\":\"shop\"}"), new("service.name", "svc")], [])).ResourceAttributes);

    [Fact]
    public void Resource_context_set_where_nil_and_Len_of_a_literal_is_positive() =>
        Assert.Equal([new Attribute("service.name", "svc"), new Attribute("k8s.cluster.name", "my-cluster")],
            Run(OttlContext.Resource,
                ["set(resource.attributes[\"k8s.cluster.name\"], \"my-cluster\") where resource.attributes[\"k8s.cluster.name\"] == nil and Len(\"my-cluster\") > 0"],
                Batch([new("service.name", "svc")], [])).ResourceAttributes);

    [Fact]
    public void Resource_context_set_where_Len_of_an_empty_literal_is_positive_does_nothing()
    {
        var input = Batch([new("service.name", "svc")], []);

        var output = Run(OttlContext.Resource,
            ["set(resource.attributes[\"k8s.cluster.name\"], \"\") where resource.attributes[\"k8s.cluster.name\"] == nil and Len(\"\") > 0"], input);

        Assert.Same(input, output);
    }

    [Fact]
    public void Metric_context_renames_a_metric_by_its_qualified_name()
    {
        var output = Run(OttlContext.Metric, ["set(metric.name, \"new_name\") where metric.name == \"old_name\""], Renamable());

        Assert.Equal(["new_name", "requests_total"], output.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Flat_statement_renames_a_metric_by_its_qualified_name()
    {
        var output = Run(null, ["set(metric.name, \"new_name\") where metric.name == \"old_name\""], Renamable());

        Assert.Equal(["new_name", "requests_total"], output.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Metric_context_renames_a_metric_by_its_bare_name()
    {
        var output = Run(OttlContext.Metric, ["set(name, \"x\") where name == \"y\""], Renamable("y"));

        Assert.Equal(["x", "requests_total"], output.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Datapoint_context_renames_a_point_attribute_and_deletes_the_old_key()
    {
        var output = Run(OttlContext.DataPoint,
            ["set(attributes[\"http.request.method\"], attributes[\"http_request_method\"]) where attributes[\"http_request_method\"] != nil",
             "delete_key(attributes, \"http_request_method\")"],
            TwoPoints([], [new("http_request_method", "GET"), new("code", "200")], [new("code", "500")]));

        Assert.Equal([new Attribute("code", "200"), new Attribute("http.request.method", "GET")], output.AttributesOf(output.Points[0]).ToArray());
        Assert.Equal([new Attribute("code", "500")], output.AttributesOf(output.Points[1]).ToArray());
    }

    // A batch whose first metric is called name and whose second keeps its name.
    private static MetricBatch Renamable(string name = "old_name")
    {
        var builder = new MetricBatchBuilder([]);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric(name, "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 1, 1, DataPointFlags.None, []);
        builder.BeginMetric("requests_total", "", "", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        builder.AddPoint(0, 1, 2, DataPointFlags.None, []);
        return builder.Build();
    }
}
