namespace OrleansScrape.Otlp.Exporters.OtlpHttp;

public enum OtlpCompression
{
    Gzip = 0,
    None = 1,
}
