using System.Text.Json.Nodes;
using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>A kind the library does not ship, registered by tests only: one group with the configured server.</summary>
public sealed class ExampleSdKind(string name = "example") : ServiceDiscoveryKind<ExampleSdConfig>
{
    public override string Name => name;

    protected override ExampleSdConfig Read(YamlMappingReader entry, string baseDirectory) => new(entry.GetRequiredString("server"));

    public override ITargetDiscoverer CreateDiscoverer(ExampleSdConfig config, DiscovererContext context) =>
        new FixedDiscoverer([new TargetGroup { Source = $"{Name}/{config.Server}", Targets = [new Dictionary<string, string> { [TargetLabelNames.Address] = config.Server }] }]);

    public override JsonObject Render(ExampleSdConfig config) => new() { ["server"] = config.Server };
}
