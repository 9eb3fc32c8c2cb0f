using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host;

/// <summary>
/// <c>check config FILE</c>: reads the file as a silo would and prints what it would run — the
/// warnings (unset variables, unused components, keys without effect), then each pipeline with its
/// components by type/name. Exit 0 when valid, 2 with the located error otherwise.
/// </summary>
internal static class CheckConfigCommand
{
    public static int Run(FileInfo file, TextWriter output, TextWriter error)
    {
        try
        {
            var settings = OrleansScrapeConfigReader.ReadFile(file.FullName);
            foreach (var warning in settings.Warnings)
            {
                output.WriteLine($"warning: {warning}");
            }
            var targets = settings.Prometheus.ScrapeConfigs.Sum(j => j.StaticConfigs.Sum(s => s.Targets.Count));
            output.WriteLine($"{file.FullName}: valid: {settings.Prometheus.ScrapeConfigs.Count} scrape configs, {targets} static targets, role {settings.Orleans.Role}");
            foreach (var pipeline in settings.Pipelines)
            {
                output.WriteLine($"  pipeline {pipeline.Name}: receivers [{Join(pipeline.Receivers)}] -> processors [{Join(pipeline.Processors)}] -> exporters [{Join(pipeline.Exporters)}]");
            }
            if (settings.Extensions.Count > 0)
            {
                output.WriteLine($"  extensions [{Join(settings.Extensions)}]");
            }
            return 0;
        }
        catch (ConfigException e)
        {
            error.WriteLine(e.Message);
            return RunCommand.ConfigError;
        }
    }

    private static string Join(IEnumerable<ComponentConfig> components) => string.Join(", ", components.Select(c => c.Id));
}
