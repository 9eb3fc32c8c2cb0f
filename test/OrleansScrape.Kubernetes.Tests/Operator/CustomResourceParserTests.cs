using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Operator.Resources;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class CustomResourceParserTests
{
    [Fact]
    public void Seed_service_monitor_is_read_with_its_metadata_selector_and_endpoint()
    {
        var monitor = CustomResourceParser.ParseServiceMonitor(SeedResources.Element(SeedResources.ServiceMonitor()));

        Assert.Equal("shop/my-service", monitor.Metadata.Key);
        Assert.Equal("true", monitor.Metadata.Labels["prometheus.dynatrace.com"]);
        Assert.Equal("my-service", monitor.Selector.MatchLabels["app"]);
        var endpoint = Assert.Single(monitor.Endpoints);
        Assert.Equal(("metrics", TimeSpan.FromSeconds(60)), (endpoint.Port, endpoint.Interval));
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var resource = SeedResources.ServiceMonitor();
        resource.Spec()["futureField"] = new JsonObject { ["x"] = 1 };
        resource.Endpoint()["trackTimestampsStaleness"] = true;
        resource["status"] = new JsonObject { ["bindings"] = new JsonArray() };

        Assert.Single(CustomResourceParser.ParseServiceMonitor(SeedResources.Element(resource)).Endpoints);
    }

    [Theory]
    [InlineData("interval", "\"soon\"", "spec.endpoints[0].interval: \"soon\" is not a duration")]
    [InlineData("port", "8080", "spec.endpoints[0].port must be a string")]
    [InlineData("honorLabels", "\"yes\"", "spec.endpoints[0].honorLabels must be true or false")]
    [InlineData("relabelings", "[ { \"action\": \"explode\" } ]", "spec.endpoints[0].relabelings[0].action: unknown relabel action \"explode\"")]
    [InlineData("relabelings", "[ { \"regex\": \"(\" } ]", "spec.endpoints[0].relabelings[0].regex")]
    public void A_malformed_field_is_reported_by_its_path(string field, string value, string reason)
    {
        var resource = SeedResources.ServiceMonitor();
        resource.Endpoint()[field] = JsonNode.Parse(value);

        var error = Assert.Throws<CustomResourceException>(() => CustomResourceParser.ParseServiceMonitor(SeedResources.Element(resource)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "key": "a", "operator": "In", "values": [] }""", "values must be non-empty for operator In")]
    [InlineData("""{ "key": "a", "operator": "Exists", "values": ["x"] }""", "values must be empty for operator Exists")]
    [InlineData("""{ "key": "a", "operator": "in", "values": ["x"] }""", "\"in\" is not a valid label selector operator")]
    public void Invalid_match_expressions_are_refused_as_Kubernetes_refuses_them(string expression, string reason)
    {
        var resource = SeedResources.PodMonitor();
        resource.Spec()["selector"] = new JsonObject { ["matchExpressions"] = new JsonArray(JsonNode.Parse(expression)) };

        var error = Assert.Throws<CustomResourceException>(() => CustomResourceParser.ParsePodMonitor(SeedResources.Element(resource)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec", "scrapeClass", "\"tls\"", "spec.scrapeClass: scrape class \"tls\" not found")]
    [InlineData("endpoint", "noProxy", "\"10.0.0.0/8\"", "spec.endpoints[0].noProxy is not supported")]
    [InlineData("endpoint", "proxyFromEnvironment", "true", "spec.endpoints[0].proxyFromEnvironment is not supported")]
    public void Fields_whose_effect_cannot_be_given_are_refused(string owner, string field, string value, string reason)
    {
        var resource = SeedResources.ServiceMonitor();
        (owner == "spec" ? resource.Spec() : resource.Endpoint())[field] = JsonNode.Parse(value);

        var error = Assert.Throws<CustomResourceException>(() => CustomResourceParser.ParseServiceMonitor(SeedResources.Element(resource)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_without_a_name_is_refused()
    {
        var resource = SeedResources.PodMonitor();
        resource["metadata"]!.AsObject().Remove("name");

        var error = Assert.Throws<CustomResourceException>(() => CustomResourceParser.ParsePodMonitor(SeedResources.Element(resource)));

        Assert.Equal("metadata.name is missing", error.Message);
    }
}
