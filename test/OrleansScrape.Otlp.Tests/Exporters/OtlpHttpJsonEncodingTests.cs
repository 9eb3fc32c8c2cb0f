using Google.Protobuf;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters;

public class OtlpHttpJsonEncodingTests
{
    [Theory]
    [InlineData(OtlpCompression.None)]
    [InlineData(OtlpCompression.Gzip)]
    public async Task Json_encoding_posts_OTLP_JSON_with_its_content_type(OtlpCompression compression)
    {
        await using var sink = await OtlpSink.StartAsync();
        using var http = new HttpClient();
        var exporter = new OtlpHttpExporter("json", new OtlpHttpExporterOptions
        {
            Endpoint = sink.BaseUri,
            Compression = compression,
            Encoding = OtlpEncoding.Json,
        }, http);

        await exporter.ExportAsync([TestBatches.Gauge("a", 3)], CancellationToken.None);

        var request = Assert.Single(sink.Requests);
        Assert.Equal("application/json", request.Header("Content-Type"));
        var body = request.Body;
        if (compression == OtlpCompression.Gzip)
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            body = plain.ToArray();
        }
        var decoded = JsonParser.Default.Parse<ExportMetricsServiceRequest>(System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal(3, decoded.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints.Count);
    }
}
