using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.OtlpHttp;

/// <summary>An <c>otlp_http</c> exporter's section: its transport, backend limits and exporterhelper settings (see the README beside it).</summary>
public sealed record OtlpHttpExporterConfig : IExporterConfig
{
    /// <summary><c>endpoint</c>: base URL of the receiver; <c>/v1/metrics</c> is appended. Required.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary><c>headers</c>: added to every request, e.g. <c>Authorization</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary><c>compression</c>: gzip (default) or none.</summary>
    public OtlpCompression Compression { get; init; } = OtlpCompression.Gzip;

    /// <summary><c>encoding</c>: proto (default) or json.</summary>
    public OtlpEncoding Encoding { get; init; } = OtlpEncoding.Protobuf;

    /// <summary><c>preset</c>, <c>max_request_bytes</c>, <c>max_points_per_request</c>, <c>max_attributes_per_point</c>, <c>summaries_as_gauges</c>.</summary>
    public BackendLimits Limits { get; init; } = BackendLimits.None;

    /// <summary><c>timeout</c> (30 s), <c>retry_on_failure</c>, <c>sending_queue</c>.</summary>
    public ExporterHelperOptions Helper { get; init; } = new(OtlpHttpExporterFactory.DefaultTimeout);

    /// <summary>
    /// The transport's options: no limits (the sender fits requests to them before the transport) and
    /// the helper's timeout as the transport's own (no limit, 0, is its longest).
    /// </summary>
    public OtlpHttpExporterOptions ToTransportOptions()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }
        return new OtlpHttpExporterOptions
        {
            Endpoint = Endpoint,
            Headers = headers,
            Compression = Compression,
            Encoding = Encoding,
            Timeout = Helper.Timeout > TimeSpan.Zero && Helper.Timeout <= ExporterHelperOptions.MaxDuration ? Helper.Timeout : ExporterHelperOptions.MaxDuration,
            Limits = BackendLimits.None,
        };
    }

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = ToTransportOptions().Problems();
        problems.AddRange(ExporterConfigs.DuplicateHeaders(Headers));
        problems.AddRange(Limits.Validate());
        problems.AddRange(Helper.Validate());
        return problems;
    }
}
