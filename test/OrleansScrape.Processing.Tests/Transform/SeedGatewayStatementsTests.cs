using OrleansScrape.Processing.Transform;
using static OrleansScrape.Processing.Tests.Transform.TransformTestBatches;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Tests.Transform;

/// <summary>
/// The transform statements of the seed's reference gateway (tier2-gateway values), with
/// <c>${env:K8S_CLUSTER_NAME}</c> expanded to <c>prod</c> and <c>${env:DT_ENTITY_KUBERNETES_CLUSTER}</c> to empty.
/// </summary>
public sealed class SeedGatewayStatementsTests
{
    private static readonly string[] Renamed =
        ["http_request_method:http.request.method", "http_response_status_code:http.response.status_code", "network_protocol_name:network.protocol.name",
         "network_protocol_version:network.protocol.version", "rpc_method:rpc.method", "rpc_response_status_code:rpc.response.status_code",
         "rpc_system_name:rpc.system.name", "server_address:server.address", "server_port:server.port", "url_scheme:url.scheme"];

    private static readonly string[] Workloads = ["statefulset", "replicaset", "job", "deployment", "daemonset", "cronjob"];

    public static TransformOptions Options => new()
    {
        MetricStatements =
        [
            new(OttlContext.DataPoint, Renamed.SelectMany(pair => pair.Split(':') is [var from, var to]
                ? new[] { $"set(attributes[\"{to}\"], attributes[\"{from}\"]) where attributes[\"{from}\"] != nil", $"delete_key(attributes, \"{from}\")" }
                : []).ToList()),
            new(OttlContext.Resource,
                Workloads.Select(w => $"set(attributes[\"k8s.workload.name\"], attributes[\"k8s.{w}.name\"]) where IsString(attributes[\"k8s.{w}.name\"])")
                .Concat(Workloads.Select(w => $"set(attributes[\"k8s.workload.kind\"], \"{w}\") where IsString(attributes[\"k8s.{w}.name\"])"))
                .Concat(Workloads.Select(w => $"set(attributes[\"k8s.workload.uid\"], attributes[\"k8s.{w}.uid\"]) where IsString(attributes[\"k8s.{w}.uid\"])"))
                .Concat(Workloads.Select(w => $"delete_key(attributes, \"k8s.{w}.name\")"))
                .Concat(Workloads.Select(w => $"delete_key(attributes, \"k8s.{w}.uid\")"))
                .ToList()),
            new(OttlContext.Resource,
            [
                "delete_key(attributes, \"processor\")", "delete_key(attributes, \"otel.signal\")",
                "delete_key(attributes, \"otel.scope.name\")", "delete_key(attributes, \"otel.scope.version\")",
            ]),
            new(OttlContext.Resource,
            [
                "set(attributes[\"k8s.cluster.name\"], \"prod\") where attributes[\"k8s.cluster.name\"] == nil and Len(\"prod\") > 0",
                "set(attributes[\"dt.entity.kubernetes_cluster\"], \"\") where attributes[\"dt.entity.kubernetes_cluster\"] == nil and Len(\"\") > 0",
            ]),
            new(OttlContext.Resource,
            [
                "merge_maps(attributes, ParseJSON(attributes[\"metadata.dynatrace.com\"]), \"upsert\") where IsMatch(attributes[\"metadata.dynatrace.com\"], \"^\\\\{\")",
                "delete_key(attributes, \"metadata.dynatrace.com\")",
            ]),
        ],
    };

    [Fact]
    public void Seed_gateway_statements_rename_point_attributes_to_semantic_conventions()
    {
        var batch = new TransformProcessor(Options).Process(Batch([new("service.name", "svc")],
            [new("http_request_method", "GET"), new("server_port", "8080"), new("le_other", "kept")]));

        Assert.Equal(new Dictionary<string, string> { ["le_other"] = "kept", ["http.request.method"] = "GET", ["server.port"] = "8080" }, PointAttributes(batch));
    }

    [Fact]
    public void Seed_gateway_statements_derive_the_workload_and_merge_dynatrace_metadata()
    {
        var batch = new TransformProcessor(Options).Process(Batch(
        [
            new("service.name", "svc"), new("k8s.pod.name", "web-7d4b9c8f6d-x2x9z"),
            new("k8s.replicaset.name", "web-7d4b9c8f6d"), new("k8s.replicaset.uid", "uid-rs"), new("k8s.deployment.name", "web"),
            new("processor", "batch"), new("otel.scope.name", "scraper"),
            new("metadata.dynatrace.com", "{\"dt.cost.costcenter\":\"cc-1\",\"dt.security_context\":\"shop\"}"),
        ], []));

        Assert.Equal(new Dictionary<string, string>
        {
            ["service.name"] = "svc",
            ["k8s.pod.name"] = "web-7d4b9c8f6d-x2x9z",
            ["k8s.workload.name"] = "web",
            ["k8s.workload.kind"] = "deployment",
            ["k8s.workload.uid"] = "uid-rs",
            ["k8s.cluster.name"] = "prod",
            ["dt.cost.costcenter"] = "cc-1",
            ["dt.security_context"] = "shop",
        }, ResourceAttributes(batch));
    }

    [Fact]
    public void Seed_gateway_statements_keep_a_cluster_name_the_resource_has()
    {
        var batch = new TransformProcessor(Options).Process(Batch([new("k8s.cluster.name", "edge"), new("metadata.dynatrace.com", "not json")], []));

        Assert.Equal(new Dictionary<string, string> { ["k8s.cluster.name"] = "edge" }, ResourceAttributes(batch));
    }
}
