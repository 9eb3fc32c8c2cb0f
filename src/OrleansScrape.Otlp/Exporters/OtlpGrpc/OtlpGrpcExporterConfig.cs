using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.OtlpGrpc;

/// <summary>An <c>otlp_grpc</c> exporter's section: its transport, backend limits and exporterhelper settings (see the README beside it).</summary>
public sealed record OtlpGrpcExporterConfig : IExporterConfig
{
    /// <summary><c>endpoint</c>: <c>host:port</c>, or a URL whose scheme decides TLS. Required.</summary>
    public string Endpoint { get; init; } = "";

    /// <summary><c>tls.insecure</c>: plain HTTP/2 for a <c>host:port</c> endpoint.</summary>
    public bool Insecure { get; init; }

    /// <summary><c>headers</c>: gRPC metadata added to every call.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary><c>compression</c>: gzip (true, default) or none.</summary>
    public bool Gzip { get; init; } = true;

    /// <summary><c>preset</c>, <c>max_request_bytes</c>, <c>max_points_per_request</c>, <c>max_attributes_per_point</c>, <c>summaries_as_gauges</c>.</summary>
    public BackendLimits Limits { get; init; } = BackendLimits.None;

    /// <summary><c>timeout</c> (5 s), <c>retry_on_failure</c>, <c>sending_queue</c>.</summary>
    public ExporterHelperOptions Helper { get; init; } = new(OtlpGrpcExporterFactory.DefaultTimeout);

    /// <summary>The transport's options: no limits (the sender fits requests first), the helper's timeout as the call deadline.</summary>
    public OtlpGrpcExporterOptions ToTransportOptions()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }
        return new OtlpGrpcExporterOptions
        {
            Endpoint = Endpoint,
            Insecure = Insecure,
            Headers = headers,
            Gzip = Gzip,
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
