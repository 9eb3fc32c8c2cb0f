using System.CommandLine;

namespace OrleansScrape.Host;

/// <summary>The orleans-scrape command line: <c>run</c> (the default), <c>check config</c>, <c>check metrics</c>, <c>translate</c> and <c>targets</c>.</summary>
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

        var metricsFile = new Argument<string?>("file")
        {
            Description = "The exposition to validate; \"-\" or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var metricsFormat = new Option<string?>("--format")
        {
            Description = "Parse as \"text\" (Prometheus 0.0.4) or \"openmetrics\" (1.0.0). Default: OpenMetrics when the last non-empty line is \"# EOF\", else text.",
        };
        metricsFormat.AcceptOnlyFromAmong(CheckMetricsCommand.TextFormat, CheckMetricsCommand.OpenMetricsFormat);
        var checkMetrics = new Command("metrics", "Validate a metrics exposition; exits 1 naming the line and reason of the first error.")
        {
            metricsFile,
            metricsFormat,
        };
        checkMetrics.SetAction(result => CheckMetricsCommand.Run(result.GetValue(metricsFile), result.GetValue(metricsFormat), Console.Out, Console.Error));
        check.Subcommands.Add(checkMetrics);
        root.Subcommands.Add(check);

        var translateFile = new Argument<string?>("file")
        {
            Description = "The exposition to translate; \"-\" or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var translateFormat = new Option<string?>("--format") { Description = metricsFormat.Description };
        translateFormat.AcceptOnlyFromAmong(CheckMetricsCommand.TextFormat, CheckMetricsCommand.OpenMetricsFormat);
        var job = new Option<string?>("--job") { Description = $"The job of the scrape (service.name). Default: {TranslateCommand.DefaultJob}." };
        var instance = new Option<string?>("--instance") { Description = $"The instance of the scrape (service.instance.id). Default: {TranslateCommand.DefaultInstance}." };
        var translate = new Command("translate", "Print the OTLP/JSON ExportMetricsServiceRequest that scraping this exposition produces, before gateway processing.")
        {
            translateFile,
            translateFormat,
            job,
            instance,
        };
        translate.SetAction(result => TranslateCommand.Run(result.GetValue(translateFile), result.GetValue(job), result.GetValue(instance),
            result.GetValue(translateFormat), Console.Out, Console.Error));
        root.Subcommands.Add(translate);

        var url = new Option<Uri>("--url") { Description = "Base URL of a silo's HTTP endpoints (or of a Target Allocator).", Required = true };
        var targets = new Command("targets", "Show which silo (collector) scrapes which target; flag imbalance, unassigned and doubly assigned targets.") { url };
        targets.SetAction((result, cancellation) => TargetsCommand.RunAsync(result.GetValue(url)!, Console.Out, Console.Error));
        root.Subcommands.Add(targets);

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
