using System.Text.Json.Nodes;
using OrleansScrape.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary><c>file_sd_configs</c>: target groups read from files; not per namespace, so the default shard runs it.</summary>
public sealed class FileSdKind : ServiceDiscoveryKind<FileSdConfig>
{
    public static FileSdKind Instance { get; } = new();

    private FileSdKind()
    {
    }

    public override string Name => "file";

    protected override FileSdConfig Read(YamlMappingReader entry, string baseDirectory) => FileSdConfigReader.Read(entry, baseDirectory);

    public override ITargetDiscoverer CreateDiscoverer(FileSdConfig config, DiscovererContext context) => new FileSdDiscoverer(config);

    public override JsonObject Render(FileSdConfig config) => new()
    {
        ["files"] = ConfigJson.Strings(config.Files),
        ["refresh_interval"] = PrometheusDuration.Format(config.RefreshInterval),
    };
}
