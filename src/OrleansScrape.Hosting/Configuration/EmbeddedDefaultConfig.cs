namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// The configuration used when none is given: one silo of role all on localhost clustering and
/// in-memory storage that scrapes its own <c>/metrics</c> and prints a summary of each export.
/// It is YAML read by the same reader as a user's file, so it doubles as an example.
/// </summary>
public static class EmbeddedDefaultConfig
{
    public const string Source = "<embedded default>";

    public static string Yaml(int httpPort) => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: orleans-scrape
                  scrape_interval: 15s
                  static_configs:
                    - targets: ['127.0.0.1:{{httpPort}}']
        processors:
          cumulative_to_delta:
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulative_to_delta]
              exporters: [debug]
        orleans:
          role: all
          clustering:
            provider: localhost
          storage:
            provider: memory
          http:
            address: 127.0.0.1
            port: {{httpPort}}
        """;

    public static OrleansScrapeSettings Load(int httpPort) => OrleansScrapeConfigReader.Read(Yaml(httpPort), Source);
}
