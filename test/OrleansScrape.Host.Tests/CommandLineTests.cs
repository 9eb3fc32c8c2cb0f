using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-scrape-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void CheckConfig_ValidFile_ExitsZeroWithASummary()
    {
        var path = Path.Combine(_directory, "valid.yaml");
        File.WriteAllText(path, EmbeddedDefaultConfig.Yaml(8080));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = CheckConfigCommand.Run(new FileInfo(path), output, error);

        Assert.Equal(0, code);
        Assert.Contains("valid: 1 scrape configs, 1 static targets", output.ToString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void CheckConfig_PrintsTheWarningsAndTheEffectivePipelines()
    {
        var path = Path.Combine(_directory, "pipelines.yaml");
        File.WriteAllText(path, """
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
            processors:
              cumulativetodelta:
              transform/rename:
                metric_statements:
                  - context: metric
                    statements: ['set(name, "b") where name == "a"']
            exporters:
              debug:
              otlp_http/unused:
                endpoint: http://127.0.0.1:1
            service:
              pipelines:
                metrics:
                  receivers: [otlp]
                  processors: [cumulativetodelta, transform/rename]
                  exporters: [debug]
                metrics/raw:
                  receivers: [otlp]
                  exporters: [debug]
            """);
        var output = new StringWriter();

        Assert.Equal(0, CheckConfigCommand.Run(new FileInfo(path), output, new StringWriter()));

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("warning: ") && l.Contains(":7:3: processor type \"cumulativetodelta\" is deprecated"));
        Assert.Contains(lines, l => l.StartsWith("warning: ") && l.Contains("exporters.otlp_http/unused"));
        Assert.Contains("pipeline metrics: receivers [otlp] -> processors [cumulativetodelta, transform/rename] -> exporters [debug]", lines);
        Assert.Contains("pipeline metrics/raw: receivers [otlp] -> processors [] -> exporters [debug]", lines);
    }

    [Fact]
    public void CheckConfig_InvalidFile_ExitsNonZeroNamingFileAndLine()
    {
        var path = Path.Combine(_directory, "invalid.yaml");
        File.WriteAllText(path, EmbeddedDefaultConfig.Yaml(8080).Replace("role: all", "role: all\n  colour: blue"));
        var error = new StringWriter();

        var code = CheckConfigCommand.Run(new FileInfo(path), TextWriter.Null, error);

        Assert.NotEqual(0, code);
        Assert.StartsWith($"{path}:", error.ToString());
        Assert.Contains("unknown key \"colour\"", error.ToString());
    }

    [Fact]
    public void CheckConfig_MissingFile_ExitsNonZero()
    {
        var error = new StringWriter();
        var code = CheckConfigCommand.Run(new FileInfo(Path.Combine(_directory, "absent.yaml")), TextWriter.Null, error);
        Assert.NotEqual(0, code);
        Assert.Contains("cannot read the configuration file", error.ToString());
    }

    [Fact]
    public void HttpPortOption_OverridesTheConfiguredPort()
    {
        var path = Path.Combine(_directory, "port.yaml");
        File.WriteAllText(path, EmbeddedDefaultConfig.Yaml(8080));
        var settings = RunCommand.LoadSettings(new FileInfo(path), 9999);
        Assert.Equal(9999, settings.Orleans.HttpPort);
    }

    [Fact]
    public void NoConfig_UsesTheEmbeddedDefaultScrapingItsOwnPort()
    {
        var settings = RunCommand.LoadSettings(null, 18080);
        Assert.Equal(18080, settings.Orleans.HttpPort);
        Assert.Equal("127.0.0.1:18080", settings.Prometheus.ScrapeConfigs[0].StaticConfigs[0].Targets[0]);
    }
}
