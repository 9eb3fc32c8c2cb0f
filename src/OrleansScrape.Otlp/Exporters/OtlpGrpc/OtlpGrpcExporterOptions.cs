using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.OtlpGrpc;

/// <summary>Settings of the <c>otlp</c> (gRPC) exporter, with the Collector's defaults.</summary>
public sealed class OtlpGrpcExporterOptions
{
    /// <summary>The server: <c>host:port</c>, or a URL whose scheme decides TLS.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Plain HTTP/2 (no TLS), as the Collector's <c>tls.insecure</c>.</summary>
    public bool Insecure { get; set; }

    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Gzip { get; set; } = true;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public BackendLimits Limits { get; set; } = BackendLimits.None;

    /// <summary>The address to dial: the endpoint as a URL, <c>http</c> when insecure and no scheme was given.</summary>
    public Uri Address => Endpoint.Contains("://", StringComparison.Ordinal)
        ? new Uri(Endpoint)
        : new Uri($"{(Insecure ? "http" : "https")}://{Endpoint}");

    /// <summary>Problems that would keep an exporter from working; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate() => Problems().Select(problem => $"{problem.Key} {problem.Message}").ToList();

    /// <summary>The same problems, keyed by the configuration key at fault.</summary>
    internal List<ConfigProblem> Problems()
    {
        var problems = new List<ConfigProblem>();
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            problems.Add(new ConfigProblem("endpoint", "is required."));
        }
        else if (!Uri.TryCreate(Endpoint.Contains("://", StringComparison.Ordinal) ? Endpoint : "http://" + Endpoint, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.Port <= 0)
        {
            problems.Add(new ConfigProblem("endpoint", $"\"{Endpoint}\" must be host:port or an http(s) URL."));
        }
        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add(new ConfigProblem("timeout", "must be positive."));
        }
        foreach (var name in Headers.Keys)
        {
            if (name.Length == 0 || name.Any(c => c >= 128 || char.IsWhiteSpace(c)))
            {
                problems.Add(new ConfigProblem("headers", $"\"{name}\" is not a valid gRPC metadata key."));
            }
        }
        return problems;
    }
}
