using OrleansScrape.Configuration;
using System.Globalization;
using System.Net;

namespace OrleansScrape.Hosting.OtlpReceiver;

/// <summary>
/// The OTLP receiver of gateway silos (the Collector's <c>receivers.otlp</c>): which protocols it
/// serves and where. A null endpoint turns that protocol off.
/// </summary>
public sealed record OtlpReceiverOptions : IValidatedOptions
{
    public const string DefaultGrpcEndpoint = "0.0.0.0:4317";
    public const string DefaultHttpEndpoint = "0.0.0.0:4318";

    /// <summary><c>host:port</c> of OTLP/gRPC (HTTP/2 cleartext); null for none.</summary>
    public string? GrpcEndpoint { get; init; } = DefaultGrpcEndpoint;

    /// <summary><c>host:port</c> of OTLP/HTTP (<c>POST /v1/metrics</c>); null for none.</summary>
    public string? HttpEndpoint { get; init; } = DefaultHttpEndpoint;

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (GrpcEndpoint is null && HttpEndpoint is null)
        {
            problems.Add(new("protocols", "must name grpc, http or both"));
        }
        if (GrpcEndpoint is not null && !OtlpListenAddress.TryParse(GrpcEndpoint, out _, out var grpcError))
        {
            problems.Add(new("protocols.grpc.endpoint", grpcError));
        }
        if (HttpEndpoint is not null && !OtlpListenAddress.TryParse(HttpEndpoint, out _, out var httpError))
        {
            problems.Add(new("protocols.http.endpoint", httpError));
        }
        if (problems.Count == 0 && GrpcEndpoint is not null && HttpEndpoint is not null
            && OtlpListenAddress.Parse(GrpcEndpoint).Port is var port and not 0 && OtlpListenAddress.Parse(HttpEndpoint).Port == port)
        {
            problems.Add(new("protocols", $"grpc and http cannot share port {port}"));
        }
        return problems;
    }
}

/// <summary>
/// A listening address in the Collector's <c>host:port</c> form: an IP address (IPv6 in
/// brackets), <c>localhost</c>, or an empty host for all interfaces.
/// </summary>
public readonly record struct OtlpListenAddress(IPAddress? Address, int Port)
{
    /// <summary>Null <see cref="Address"/>: localhost (both loopbacks).</summary>
    public bool IsLocalhost => Address is null;

    public static bool TryParse(string? text, out OtlpListenAddress address, out string error)
    {
        address = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an endpoint is host:port, for example 0.0.0.0:4317";
            return false;
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"\"{text}\" has no port; an endpoint is host:port, for example 0.0.0.0:4317";
            return false;
        }
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"\"{portText}\" in \"{text}\" is not a port (0 to 65535)";
            return false;
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            error = $"\"{text}\": write an IPv6 address in brackets, for example [::]:4317";
            return false;
        }
        if (host.Length == 0)
        {
            address = new OtlpListenAddress(IPAddress.Any, port);
            return true;
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = new OtlpListenAddress(null, port);
            return true;
        }
        if (!IPAddress.TryParse(host, out var ip))
        {
            error = $"\"{host}\" in \"{text}\" is not an IP address or localhost";
            return false;
        }
        address = new OtlpListenAddress(ip, port);
        return true;
    }

    public static OtlpListenAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public override string ToString() =>
        IsLocalhost ? $"localhost:{Port}" : Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
