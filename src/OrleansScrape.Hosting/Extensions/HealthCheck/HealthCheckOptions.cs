using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Telemetry;

namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary>
/// The Collector's <c>health_check</c> extension: an HTTP listener of its own that answers
/// <see cref="Path"/> with 200 while the pipelines run and 503 otherwise.
/// </summary>
public sealed record HealthCheckOptions : IValidatedOptions
{
    public const string DefaultEndpoint = "localhost:13133";

    /// <summary>
    /// <c>host:port</c>: <c>localhost:13133</c> by default; <c>0.0.0.0:13133</c>; an empty host
    /// (<c>:13133</c>, also what <c>${env:MY_POD_IP}:13133</c> becomes with the variable unset) listens on
    /// every interface, as Go does.
    /// </summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The path answered; one ending in <c>/</c> also answers every path below it (Go's pattern rule), so <c>/</c> answers all.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Literal bodies instead of the JSON status; null for the JSON status.</summary>
    public HealthCheckResponseBody? ResponseBody { get; init; }

    internal ListenEndpoint ListenEndpoint =>
        ListenEndpoint.TryParse(Endpoint, out var endpoint, out var error) ? endpoint : throw new InvalidOperationException(error);

    /// <summary>Whether a request path is answered (else 404).</summary>
    public bool Answers(string requestPath) =>
        Path.EndsWith('/') ? requestPath.StartsWith(Path, StringComparison.Ordinal) : requestPath == Path;

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (string.IsNullOrEmpty(Endpoint))
        {
            problems.Add(new ConfigProblem("endpoint", "must be specified (host:port, for example localhost:13133)"));
        }
        else if (!ListenEndpoint.TryParse(Endpoint, out _, out var error))
        {
            problems.Add(new ConfigProblem("endpoint", error));
        }
        if (!Path.StartsWith('/'))
        {
            problems.Add(new ConfigProblem("path", $"\"{Path}\" must start with /"));
        }
        return problems;
    }
}
