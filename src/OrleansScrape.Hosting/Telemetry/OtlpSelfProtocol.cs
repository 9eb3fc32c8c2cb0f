namespace OrleansScrape.Hosting.Telemetry;

/// <summary>The <c>protocol</c> of a periodic reader's OTLP exporter.</summary>
public enum OtlpSelfProtocol
{
    /// <summary><c>http/protobuf</c>: POST to the endpoint's path, <c>/v1/metrics</c> when it has none.</summary>
    HttpProtobuf,

    /// <summary><c>grpc</c>: <c>MetricsService/Export</c> on the endpoint's host and port.</summary>
    Grpc,
}
