using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.OtlpHttp;

/// <summary>The <c>otlp_http</c> exporter (formerly <c>otlphttp</c>); its keys are in the README beside it.</summary>
public sealed class OtlpHttpExporterFactory : ExporterFactory<OtlpHttpExporterConfig>
{
    /// <summary>The Collector's default <c>timeout</c> of <c>otlp_http</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] Unsupported = ["tls", "metrics_endpoint"];

    public override string Type => "otlp_http";

    public override IReadOnlyList<string> Aliases => ["otlphttp"];

    public override OtlpHttpExporterConfig CreateDefault() => new();

    protected override OtlpHttpExporterConfig Read(YamlMappingReader section, OtlpHttpExporterConfig defaults)
    {
        foreach (var key in Unsupported)
        {
            if (section.Has(key))
            {
                throw section.ErrorAt(key, $"{section.Qualified(key)} is not supported yet");
            }
        }
        var endpoint = section.GetString("endpoint");
        Uri? uri = defaults.Endpoint;
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.RelativeOrAbsolute, out uri))
        {
            throw section.ErrorAt("endpoint", $"{section.Qualified("endpoint")}: \"{endpoint}\" is not a URL");
        }
        var encoding = section.GetString("encoding") switch
        {
            null => defaults.Encoding,
            "proto" => OtlpEncoding.Protobuf,
            "json" => OtlpEncoding.Json,
            var other => throw section.ErrorAt("encoding", $"{section.Qualified("encoding")}: \"{other}\" is not supported (supported: proto, json)"),
        };
        var gzip = ExporterConfigs.ReadGzip(section);
        return defaults with
        {
            Endpoint = uri,
            Headers = section.Has("headers") ? section.GetStringMap("headers") : defaults.Headers,
            Compression = gzip is null ? defaults.Compression : gzip.Value ? OtlpCompression.Gzip : OtlpCompression.None,
            Encoding = encoding,
            Limits = BackendLimitsReader.Read(section, defaults.Limits),
            Helper = ExporterHelperReader.Read(section, defaults.Helper),
        };
    }

    protected override IMetricsExporter Create(string id, OtlpHttpExporterConfig options, ExporterServices services) =>
        new OtlpHttpExporter(id, options.ToTransportOptions(), services.HttpClient());
}
