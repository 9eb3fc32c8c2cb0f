using OrleansScrape.Grains.Allocation;
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
        section.RejectUnknownKeys();
        return settings;
    }
}
