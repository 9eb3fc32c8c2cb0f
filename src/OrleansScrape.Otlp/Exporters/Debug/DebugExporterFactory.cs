using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.Debug;

/// <summary>The <c>debug</c> exporter: a summary of every export on the console; its keys are in the README beside it.</summary>
public sealed class DebugExporterFactory : ExporterFactory<DebugExporterConfig>
{
    /// <summary>No limit: the Collector's debug exporter runs without an exporterhelper timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.Zero;

    public override string Type => "debug";

    public override DebugExporterConfig CreateDefault() => new();

    protected override DebugExporterConfig Read(YamlMappingReader section, DebugExporterConfig defaults) => defaults with
    {
        Verbosity = section.GetString("verbosity") switch
        {
            null => defaults.Verbosity,
            "basic" => DebugVerbosity.Basic,
            "normal" => DebugVerbosity.Normal,
            "detailed" => DebugVerbosity.Detailed,
            var other => throw section.ErrorAt("verbosity", $"{section.Qualified("verbosity")}: \"{other}\" is not a verbosity (basic, normal or detailed)"),
        },
        SamplingInitial = section.GetInt("sampling_initial") ?? defaults.SamplingInitial,
        SamplingThereafter = section.GetInt("sampling_thereafter") ?? defaults.SamplingThereafter,
        Helper = ExporterHelperReader.Read(section, defaults.Helper),
    };

    protected override IMetricsExporter Create(string id, DebugExporterConfig options, ExporterServices services) =>
        new DebugExporter(id, services.Console, options.Verbosity);
}
