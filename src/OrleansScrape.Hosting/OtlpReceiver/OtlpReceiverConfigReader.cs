using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.OtlpReceiver;

/// <summary>
/// Reads the Collector's <c>receivers.otlp</c> section:
/// <code>
/// otlp:
///   protocols:
///     grpc:
///       endpoint: 0.0.0.0:4317
///     http:
///       endpoint: 0.0.0.0:4318
/// </code>
/// A protocol is served when its key is present (an empty mapping takes the default endpoint);
/// at least one is required, as in the Collector. Unknown keys are refused with their line.
/// </summary>
public static class OtlpReceiverConfigReader
{
    public static OtlpReceiverOptions Read(YamlMappingReader section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var protocols = section.GetMapping("protocols");
        section.RejectUnknownKeys();
        if (protocols is null || (!protocols.Has("grpc") && !protocols.Has("http")))
        {
            protocols?.RejectUnknownKeys();
            throw section.Error($"{section.Qualified("protocols")} must name grpc, http or both");
        }
        var grpc = ReadProtocol(protocols, "grpc", OtlpReceiverOptions.DefaultGrpcEndpoint);
        var http = ReadProtocol(protocols, "http", OtlpReceiverOptions.DefaultHttpEndpoint);
        protocols.RejectUnknownKeys();
        if (grpc is not null && http is not null
            && OtlpListenAddress.Parse(grpc).Port is var port and not 0 && OtlpListenAddress.Parse(http).Port == port)
        {
            throw protocols.Error($"{protocols.Path}: grpc and http cannot share port {port}");
        }
        return new OtlpReceiverOptions { GrpcEndpoint = grpc, HttpEndpoint = http };
    }

    private static string? ReadProtocol(YamlMappingReader protocols, string key, string defaultEndpoint)
    {
        if (!protocols.Has(key))
        {
            return null;
        }
        var protocol = protocols.GetMapping(key)!;
        var endpoint = protocol.GetString("endpoint");
        protocol.RejectUnknownKeys();
        if (endpoint is null)
        {
            return defaultEndpoint;
        }
        if (!OtlpListenAddress.TryParse(endpoint, out _, out var error))
        {
            throw protocol.ErrorAt("endpoint", $"{protocol.Qualified("endpoint")}: {error}");
        }
        return endpoint;
    }
}
