using System.CommandLine;

namespace OrleansScrape.Host;

/// <summary>The orleans-scrape command line: <c>run</c> (the default) and <c>check config</c>.</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("OrleansScrape: scrape Prometheus endpoints with an Orleans cluster and export OTLP delta metrics.");

        var runConfig = ConfigOption();
        var runPort = HttpPortOption();
        var run = new Command("run", "Run a silo. Without --config: one silo of role all on localhost that scrapes its own /metrics.")
        {
            runConfig,
            runPort,
        };
        run.SetAction((result, cancellation) => RunCommand.RunAsync(result.GetValue(runConfig), result.GetValue(runPort), cancellation));
        root.Subcommands.Add(run);

        // `orleans-scrape` alone runs too, with the same options.
        var rootConfig = ConfigOption();
        var rootPort = HttpPortOption();
        root.Options.Add(rootConfig);
        root.Options.Add(rootPort);
        root.SetAction((result, cancellation) => RunCommand.RunAsync(result.GetValue(rootConfig), result.GetValue(rootPort), cancellation));

        var check = new Command("check", "Validate inputs without running anything.");
        var configFile = new Argument<FileInfo>("file") { Description = "The configuration file to validate." };
        var checkConfig = new Command("config", "Validate a configuration file; errors name the file, line and reason.") { configFile };
        checkConfig.SetAction(result => CheckConfigCommand.Run(result.GetValue(configFile)!, Console.Out, Console.Error));
        check.Subcommands.Add(checkConfig);
        root.Subcommands.Add(check);

        return root;
    }

    private static Option<FileInfo?> ConfigOption() => new("--config", "-c")
    {
        Description = "Configuration file (YAML in the OpenTelemetry Collector's shape plus an orleans section).",
    };

    private static Option<int?> HttpPortOption() => new("--http-port")
    {
        Description = "Port of the silo's HTTP endpoints (/metrics, /livez, /readyz, /dashboard); overrides orleans.http.port. Default 8080.",
    };
}
