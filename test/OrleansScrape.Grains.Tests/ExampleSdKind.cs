using System.Text.Json.Nodes;
using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Tests;

/// <summary>
/// A kind discovery does not know, registered by tests only: a group per configured namespace (<c>&lt;ns&gt;.example:80</c>,
/// labelled with its namespace) and one outside namespaces (<c>cluster.example:80</c>).
/// </summary>
public sealed class ExampleSdKind(bool perNamespace) : ServiceDiscoveryKind<ExampleSdConfig>
{
    public const string NamespaceLabel = "__meta_example_namespace";

    public override string Name => "example";

    public override bool PerNamespace => perNamespace;

    protected override ExampleSdConfig Read(YamlMappingReader entry, string baseDirectory) => new(entry.GetStringList("namespaces"));

    public override ITargetDiscoverer CreateDiscoverer(ExampleSdConfig config, DiscovererContext context) =>
        new FixedDiscoverer(
        [
            .. config.Namespaces.Select(ns => Group($"{ns}.example:80", new Dictionary<string, string> { [NamespaceLabel] = ns })),
            Group("cluster.example:80", new Dictionary<string, string>()),
        ]);

    public override ExampleSdConfig? Restrict(ExampleSdConfig config, INamespaceScope scope) =>
        config.Namespaces.Where(scope.Owns).ToList() is { Count: > 0 } owned ? config with { Namespaces = owned } : null;

    public override string? NamespaceOf(TargetGroup group) => group.Labels.GetValueOrDefault(NamespaceLabel);

    public override JsonObject Render(ExampleSdConfig config) => new() { ["namespaces"] = ConfigJson.Strings(config.Namespaces) };

    private static TargetGroup Group(string address, Dictionary<string, string> labels) => new()
    {
        Source = address,
        Targets = [new Dictionary<string, string> { [TargetLabelNames.Address] = address }],
        Labels = labels,
    };
}
