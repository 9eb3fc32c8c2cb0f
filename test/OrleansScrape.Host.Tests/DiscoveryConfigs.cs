namespace OrleansScrape.Host.Tests;

/// <summary>The smallest valid configuration around a <c>discovery</c> section, whose first line is line 13 of the file, indented by two columns.</summary>
internal static class DiscoveryConfigs
{
    public static string WithDiscovery(string discovery) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs: []
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        discovery:
        {{discovery}}
        """;
}
