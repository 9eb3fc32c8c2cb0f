using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters;
namespace OrleansScrape.Otlp.Exporters.OtlpHttp;

/// <summary>Settings of an <see cref="OtlpHttpExporter"/>, named after the Collector's otlphttp exporter.</summary>
public sealed class OtlpHttpExporterOptions
{
    // Beyond this CancellationTokenSource.CancelAfter refuses the value; no real export needs that long.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    // The exporter sets these itself; a configured value would contradict the body it sends.
    private static readonly string[] ReservedHeaders = ["Content-Type", "Content-Encoding", "Content-Length"];

    /// <summary>Base URL of the receiver; <c>/v1/metrics</c> is appended to its path. Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Headers added to every request, e.g. <c>Authorization</c>.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public OtlpCompression Compression { get; set; } = OtlpCompression.Gzip;

    /// <summary>Binary protobuf (the default) or OTLP/JSON.</summary>
    public OtlpEncoding Encoding { get; set; } = OtlpEncoding.Protobuf;

    /// <summary>How long one request may take, response included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What the backend accepts; requests are shaped to fit (see <see cref="Exporters.BackendLimits"/>).</summary>
    public BackendLimits Limits { get; set; } = BackendLimits.None;

    /// <summary>Problems that would keep an exporter from working; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate() => Problems().Select(problem => $"{problem.Key} {problem.Message}").ToList();

    /// <summary>The same problems, keyed by the configuration key at fault.</summary>
    internal List<ConfigProblem> Problems()
    {
        var problems = new List<ConfigProblem>();
        if (Endpoint is null)
        {
            problems.Add(new ConfigProblem("endpoint", "is required."));
        }
        else if (!Endpoint.IsAbsoluteUri)
        {
            problems.Add(new ConfigProblem("endpoint", $"'{Endpoint}' must be an absolute URL such as http://collector:4318."));
        }
        else if (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add(new ConfigProblem("endpoint", $"'{Endpoint}' must use http or https, not '{Endpoint.Scheme}'."));
        }

        if (!Enum.IsDefined(Compression))
        {
            problems.Add(new ConfigProblem("compression", $"'{Compression}' is not one of: {string.Join(", ", Enum.GetNames<OtlpCompression>())}."));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add(new ConfigProblem("timeout", $"must be positive, not {Timeout}."));
        }
        else if (Timeout > MaxTimeout)
        {
            problems.Add(new ConfigProblem("timeout", $"must be at most {MaxTimeout}, not {Timeout}."));
        }

        if (Headers is null)
        {
            problems.Add(new ConfigProblem("headers", "must not be null."));
        }
        else
        {
            foreach (var (name, value) in Headers)
            {
                ValidateHeader(name, value, problems);
            }
        }
        return problems;
    }

    private static void ValidateHeader(string name, string value, List<ConfigProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new ConfigProblem("headers", "must not have an empty header name."));
            return;
        }
        if (!IsToken(name))
        {
            problems.Add(new ConfigProblem("headers", $"'{name}': a header name may contain only letters, digits and !#$%&'*+-.^_`|~."));
        }
        if (Array.Exists(ReservedHeaders, reserved => string.Equals(reserved, name, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new ConfigProblem("headers", $"'{name}' is set by the exporter and cannot be configured."));
        }
        if (value is null)
        {
            problems.Add(new ConfigProblem("headers", $"'{name}' has no value."));
        }
        else if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            problems.Add(new ConfigProblem("headers", $"'{name}' must not contain line breaks or NUL."));
        }
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            var allowed = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
            if (!allowed)
            {
                return false;
            }
        }
        return true;
    }
}
