using System.IO.Compression;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;

namespace OrleansScrape.Otlp.Tests.Support;

internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as the receiver would decode it, gunzipped when the request says so.</summary>
    public ExportMetricsServiceRequest DecodeBody()
    {
        var bytes = Body;
        if (string.Equals(Header("Content-Encoding"), "gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new GZipStream(new MemoryStream(Body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }
        return ExportMetricsServiceRequest.Parser.ParseFrom(bytes);
    }
}
