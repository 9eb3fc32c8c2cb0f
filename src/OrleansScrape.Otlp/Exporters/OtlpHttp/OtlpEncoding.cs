namespace OrleansScrape.Otlp.Exporters.OtlpHttp;

/// <summary>The body encoding of OTLP/HTTP requests (the Collector's <c>encoding</c>: proto or json).</summary>
public enum OtlpEncoding
{
    Protobuf = 0,
    Json = 1,
}
