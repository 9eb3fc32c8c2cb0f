using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.OtlpGrpc;

/// <summary>The <c>otlp_grpc</c> exporter (formerly <c>otlp</c>); its keys are in the README beside it.</summary>
public sealed class OtlpGrpcExporterFactory : ExporterFactory<OtlpGrpcExporterConfig>
{
    /// <summary>The Collector's default <c>timeout</c> of <c>otlp_grpc</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public override string Type => "otlp_grpc";

    public override IReadOnlyList<string> Aliases => ["otlp"];

    public override OtlpGrpcExporterConfig CreateDefault() => new();

    protected override OtlpGrpcExporterConfig Read(YamlMappingReader section, OtlpGrpcExporterConfig defaults)
    {
        var insecure = defaults.Insecure;
        if (section.GetMapping("tls") is { } tls)
        {
            insecure = tls.GetBool("insecure") ?? insecure;
            tls.RejectUnknownKeys(" (this version supports tls.insecure only)");
        }
        return defaults with
        {
            Endpoint = section.GetString("endpoint") ?? defaults.Endpoint,
            Insecure = insecure,
            Headers = section.Has("headers") ? section.GetStringMap("headers") : defaults.Headers,
            Gzip = ExporterConfigs.ReadGzip(section) ?? defaults.Gzip,
            Limits = BackendLimitsReader.Read(section, defaults.Limits),
            Helper = ExporterHelperReader.Read(section, defaults.Helper),
        };
    }

    protected override IMetricsExporter Create(string id, OtlpGrpcExporterConfig options, ExporterServices services) =>
        new OtlpGrpcExporter(id, options.ToTransportOptions());
}
