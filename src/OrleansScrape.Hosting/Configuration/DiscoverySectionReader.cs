using OrleansScrape.Configuration;
using OrleansScrape.Grains.Allocation;
using OrleansScrape.Grains.Discovery;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>Reads the <c>discovery</c> section; its keys are the Target Allocator's, so its values files carry over.</summary>
internal static class DiscoverySectionReader
{
    internal static DiscoverySettings Read(YamlMappingReader? section)
    {
        var settings = new DiscoverySettings();
        if (section is null)
        {
            return settings;
        }
        if (section.GetString("allocation_strategy") is { } name)
        {
            if (!AllocationStrategyNames.TryParse(name, out var strategy))
            {
                throw section.ErrorAt("allocation_strategy", $"allocation_strategy \"{name}\" must be one of {string.Join(", ", AllocationStrategyNames.All)}");
            }
            settings = settings with { AllocationStrategy = strategy };
        }
        if (section.GetMapping("prometheus_cr") is { } prometheusCr)
        {
            settings = settings with { PrometheusCr = PrometheusCrSettingsReader.Read(prometheusCr) };
        }
        // Where the custom resources are read; in-cluster credentials when neither is set (as the Target Allocator).
        var apiServer = section.GetString("api_server");
        var kubeconfig = section.GetString("kubeconfig_file");
        if (apiServer is not null && kubeconfig is not null)
        {
            throw section.ErrorAt("kubeconfig_file", "discovery.api_server and discovery.kubeconfig_file are mutually exclusive");
        }
        if (apiServer is not null && !(Uri.TryCreate(apiServer, UriKind.Absolute, out var server) && server.Scheme is "http" or "https"))
        {
            throw section.ErrorAt("api_server", $"discovery.api_server \"{apiServer}\" must be an http or https URL");
        }
        settings = settings with { ApiServer = apiServer, KubeconfigFile = kubeconfig };
        if (section.Has("shards"))
        {
            settings = settings with { Shards = ReadShards(section) };
        }
        section.RejectUnknownKeys();
        return settings;
    }

    // shards: [{name, namespaces: [..]}]; the default shard is always there and owns every namespace not listed.
    private static DiscoveryShardLayout ReadShards(YamlMappingReader section)
    {
        var shards = new List<DiscoveryShard>();
        foreach (var entry in section.GetMappingSequence("shards"))
        {
            var name = entry.GetString("name") ?? throw entry.Error("a discovery shard needs a name");
            var shard = new DiscoveryShard(name, entry.GetStringList("namespaces"));
            entry.RejectUnknownKeys();
            // Checked entry by entry, so the error points at the shard that breaks a rule.
            if (DiscoveryShardLayout.Validate([.. shards, shard]) is { } error)
            {
                throw entry.Error(error);
            }
            shards.Add(shard);
        }
        return new DiscoveryShardLayout(shards);
    }
}
