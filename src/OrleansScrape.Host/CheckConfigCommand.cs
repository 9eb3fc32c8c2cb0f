using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host;

internal static class CheckConfigCommand
{
    public static int Run(FileInfo file, TextWriter output, TextWriter error)
    {
        try
        {
            var settings = OrleansScrapeConfigReader.ReadFile(file.FullName);
            var targets = settings.Prometheus.ScrapeConfigs.Sum(j => j.StaticConfigs.Sum(s => s.Targets.Count));
            output.WriteLine($"{file.FullName}: valid: {settings.Prometheus.ScrapeConfigs.Count} scrape configs, {targets} static targets, " +
                $"processors [{string.Join(", ", settings.Processors.Select(p => p.Id))}], exporters [{string.Join(", ", settings.Exporters.Select(e => e.Id))}], role {settings.Orleans.Role}");
            return 0;
        }
        catch (ConfigException e)
        {
            error.WriteLine(e.Message);
            return RunCommand.ConfigError;
        }
    }
}
