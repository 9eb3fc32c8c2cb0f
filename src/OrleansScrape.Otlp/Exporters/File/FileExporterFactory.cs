using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.File;

/// <summary>The <c>file</c> exporter: OTLP/JSON lines, rotated by size; its keys are in the README beside it.</summary>
public sealed class FileExporterFactory : ExporterFactory<FileExporterConfig>
{
    /// <summary>No limit: the Collector's file exporter runs without an exporterhelper timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.Zero;

    public override string Type => "file";

    public override FileExporterConfig CreateDefault() => new();

    protected override FileExporterConfig Read(YamlMappingReader section, FileExporterConfig defaults)
    {
        var format = section.GetString("format");
        if (format is not (null or "json"))
        {
            throw section.ErrorAt("format", $"{section.Qualified("format")}: \"{format}\" is not supported yet (supported: json)");
        }
        var options = defaults with
        {
            Path = section.GetString("path") is { } path ? ExporterConfigs.ResolvePath(section, path) : defaults.Path,
            Helper = ExporterHelperReader.Read(section, defaults.Helper),
        };
        if (section.GetMapping("rotation") is { } rotation)
        {
            options = options with
            {
                MaxMegabytes = rotation.GetInt("max_megabytes") ?? options.MaxMegabytes,
                MaxBackups = rotation.GetInt("max_backups") ?? options.MaxBackups,
            };
            rotation.RejectUnknownKeys(" (this version supports max_megabytes and max_backups)");
        }
        return options;
    }

    protected override IMetricsExporter Create(string id, FileExporterConfig options, ExporterServices services) =>
        new FileExporter(id, options.ToTransportOptions(), services.Clock);
}
