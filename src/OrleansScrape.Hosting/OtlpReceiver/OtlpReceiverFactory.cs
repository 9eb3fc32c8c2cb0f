using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.OtlpReceiver;

/// <summary>
/// <c>otlp</c> receiver, served by gateway silos:
/// <code>
/// otlp:
///   protocols:
///     grpc:
///       endpoint: 0.0.0.0:4317
///     http:
///       endpoint: 0.0.0.0:4318
/// </code>
/// A protocol is served when its key is present (an empty mapping takes the default endpoint);
/// at least one is required, as in the Collector.
/// </summary>
public sealed class OtlpReceiverFactory : ComponentFactory<OtlpReceiverOptions>
{
    public override ComponentKind Kind => ComponentKind.Receiver;

    public override string Type => "otlp";

    // Both off until the section names them: an otlp receiver without protocols serves nothing and is refused.
    public override OtlpReceiverOptions CreateDefault() => new() { GrpcEndpoint = null, HttpEndpoint = null };

    protected override OtlpReceiverOptions Read(YamlMappingReader section, OtlpReceiverOptions defaults)
    {
        if (section.GetMapping("protocols") is not { } protocols)
        {
            return defaults;
        }
        var options = defaults with
        {
            GrpcEndpoint = ReadProtocol(protocols, "grpc", OtlpReceiverOptions.DefaultGrpcEndpoint),
            HttpEndpoint = ReadProtocol(protocols, "http", OtlpReceiverOptions.DefaultHttpEndpoint),
        };
        protocols.RejectUnknownKeys();
        return options;
    }

    private static string? ReadProtocol(YamlMappingReader protocols, string key, string defaultEndpoint)
    {
        if (!protocols.Has(key))
        {
            return null;
        }
        var protocol = protocols.GetMapping(key)!;
        var endpoint = protocol.GetString("endpoint") ?? defaultEndpoint;
        protocol.RejectUnknownKeys();
        return endpoint;
    }
}
