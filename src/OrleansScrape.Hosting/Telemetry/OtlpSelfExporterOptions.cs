using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// <c>periodic.exporter.otlp</c>: where a periodic reader pushes OrleansScrape's own metrics, as the
/// Collector's own-telemetry OTLP exporter reads it.
/// </summary>
public sealed record OtlpSelfExporterOptions : IValidatedOptions
{
    public const string DefaultHttpEndpoint = "https://localhost:4318/v1/metrics";
    public const string DefaultGrpcEndpoint = "https://localhost:4317";
    public const string SignalPath = "/v1/metrics";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public OtlpSelfProtocol Protocol { get; init; } = OtlpSelfProtocol.HttpProtobuf;

    /// <summary>
    /// The endpoint as written; null for the protocol's default (HTTPS on localhost, as the Go exporters).
    /// Without a scheme it is <c>https://</c>, or <c>http://</c> when <see cref="Insecure"/> is set.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary><c>insecure</c>: an endpoint written without a scheme is plain HTTP (h2c for gRPC).</summary>
    public bool Insecure { get; init; }

    /// <summary>Request headers (gRPC metadata), in order; the map and the <c>[{name, value}]</c> forms both read into this.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public OtlpSelfCompression Compression { get; init; } = OtlpSelfCompression.None;

    /// <summary>How long one export request may take (<c>timeout</c> in milliseconds; 0 or absent: 10 s).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public SelfMetricsTemporality Temporality { get; init; } = SelfMetricsTemporality.Cumulative;

    /// <summary>
    /// The URL the exporter sends to. For <c>http/protobuf</c> an endpoint without a path gets
    /// <c>/v1/metrics</c> and one with a path is used as it is (the Collector's rule: only an empty path
    /// takes the signal's default); for <c>grpc</c> only scheme, host and port count.
    /// </summary>
    public Uri ResolveEndpoint()
    {
        var text = Endpoint ?? (Protocol == OtlpSelfProtocol.Grpc ? DefaultGrpcEndpoint : DefaultHttpEndpoint);
        if (!text.StartsWith("http://", StringComparison.Ordinal) && !text.StartsWith("https://", StringComparison.Ordinal))
        {
            text = (Insecure ? "http://" : "https://") + text;
        }
        var uri = new Uri(text, UriKind.Absolute);
        if (Protocol == OtlpSelfProtocol.Grpc)
        {
            return new Uri(uri.GetLeftPart(UriPartial.Authority));
        }
        // Uri shows an empty path as "/": look at what was written after the authority.
        var afterAuthority = text[(text.IndexOf("//", StringComparison.Ordinal) + 2)..];
        var slash = afterAuthority.IndexOfAny(['/', '?', '#']);
        var writtenPath = slash < 0 || afterAuthority[slash] != '/' ? "" : afterAuthority[slash..];
        return writtenPath.Length == 0
            ? new UriBuilder(uri) { Path = SignalPath }.Uri
            : uri;
    }

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        try
        {
            var uri = ResolveEndpoint();
            if (uri.Host.Length == 0)
            {
                problems.Add(new ConfigProblem("endpoint", $"\"{Endpoint}\" has no host"));
            }
        }
        catch (UriFormatException e)
        {
            problems.Add(new ConfigProblem("endpoint", $"\"{Endpoint}\" is not a URL ({e.Message}); write for example http://collector:4318"));
        }
        foreach (var (name, value) in Headers)
        {
            if (name.Length == 0 || name.AsSpan().IndexOfAny(",= \t") >= 0)
            {
                problems.Add(new ConfigProblem("headers", $"\"{name}\" is not a header name"));
            }
            else if (value.Contains(',', StringComparison.Ordinal))
            {
                problems.Add(new ConfigProblem("headers", $"the value of header {name} contains a comma, which the .NET OTLP exporter cannot carry"));
            }
        }
        if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
        {
            problems.Add(new ConfigProblem("timeout", "must be a positive number of milliseconds"));
        }
        return problems;
    }
}
