using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Proto.Rpc;
using OrleansScrape.Otlp.Receivers;
using OrleansScrape.Otlp.Telemetry;
using static OrleansScrape.Otlp.Tests.Receivers.OtlpRequests;

namespace OrleansScrape.Otlp.Tests.Receivers;

public class OtlpHttpMetricsHandlerTests
{
    private sealed class RecordingConsumer(Func<IReadOnlyList<MetricBatch>, Task>? behaviour = null) : IOtlpMetricsConsumer
    {
        public List<MetricBatch> Batches { get; } = new();

        public Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
        {
            lock (Batches)
            {
                Batches.AddRange(batches);
            }
            return behaviour?.Invoke(batches) ?? Task.CompletedTask;
        }
    }

    private static (OtlpHttpMetricsHandler Handler, RecordingConsumer Consumer) Create(Func<IReadOnlyList<MetricBatch>, Task>? behaviour = null)
    {
        var consumer = new RecordingConsumer(behaviour);
        return (new OtlpHttpMetricsHandler(new OtlpMetricsReceiver(consumer)), consumer);
    }

    private static Task<OtlpHttpResponse> Post(OtlpHttpMetricsHandler handler, string? contentType, byte[] body, string? encoding = null) =>
        handler.HandleAsync(contentType, encoding, new MemoryStream(body), CancellationToken.None);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    [Fact]
    public async Task Protobuf_body_is_pushed_and_answered_in_protobuf()
    {
        var (handler, consumer) = Create();

        var response = await Post(handler, "application/x-protobuf", Mixed().ToByteArray());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.ContentType);
        var decoded = ExportMetricsServiceResponse.Parser.ParseFrom(response.Body);
        Assert.Null(decoded.PartialSuccess);
        Assert.Equal(["api", "worker"], consumer.Batches.Select(b => b.FindResourceAttribute("service.name")));
    }

    [Fact]
    public async Task Gzip_protobuf_body_is_decompressed()
    {
        var (handler, consumer) = Create();

        var response = await Post(handler, "application/x-protobuf", Gzip(Mixed().ToByteArray()), "gzip");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(4, consumer.Batches.Sum(b => b.PointCount));
    }

    private const string OtlpJson = """
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}},{"key":"pid","value":{"intValue":"42"}}]},
          "scopeMetrics":[{"scope":{"name":"s"},"metrics":[{"name":"requests","unit":"1","futureField":true,
            "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"startTimeUnixNano":"1700000000000000000","timeUnixNano":"1700000015000000000","asInt":"7",
              "exemplars":[{"timeUnixNano":"1700000015000000000","asDouble":1.5,"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718"}]}]}}]}]}]}
        """;

    [Fact]
    public async Task Json_body_with_hex_ids_and_unknown_fields_is_answered_in_json()
    {
        var (handler, consumer) = Create();

        var response = await Post(handler, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(OtlpJson));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("{ }", Encoding.UTF8.GetString(response.Body));
        var batch = Assert.Single(consumer.Batches);
        Assert.Equal(("json-svc", "42"), (batch.FindResourceAttribute("service.name"), batch.FindResourceAttribute("pid")));
        var metric = Assert.Single(batch.Metrics);
        Assert.Equal((AggregationTemporality.Cumulative, true), (metric.Temporality, metric.IsMonotonic));
        var point = batch.Points.Single();
        Assert.Equal((7.0, 1_700_000_000_000_000_000L), (point.Value, point.StartTimeUnixNano));
        var exemplar = batch.ExemplarsOf(point).ToArray().Single();
        Assert.Equal(UInt128.Parse("0102030405060708090a0b0c0d0e0f10", System.Globalization.NumberStyles.HexNumber), exemplar.TraceId);
        Assert.Equal(0x1112131415161718UL, exemplar.SpanId);
    }

    [Fact]
    public async Task Gzip_json_body_is_decompressed()
    {
        var (handler, consumer) = Create();

        var response = await Post(handler, "application/json", Gzip(Encoding.UTF8.GetBytes(OtlpJson)), "gzip");

        Assert.Equal(200, response.StatusCode);
        Assert.Single(consumer.Batches);
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData(null, null)]
    [InlineData("application/x-protobuf", "br")]
    public async Task Other_content_types_and_encodings_are_415(string? contentType, string? encoding)
    {
        var (handler, consumer) = Create();

        var response = await Post(handler, contentType, Mixed().ToByteArray(), encoding);

        Assert.Equal(415, response.StatusCode);
        Assert.Contains("unsupported", Status.Parser.ParseFrom(response.Body).Message);
        Assert.Empty(consumer.Batches);
    }

    [Theory]
    [InlineData("application/x-protobuf", new byte[] { 0x0a, 0xff, 0xff })]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'x' })]
    public async Task Undecodable_bodies_are_400(string contentType, byte[] body)
    {
        var (handler, consumer) = Create();

        var response = await Post(handler, contentType, body);

        Assert.Equal(400, response.StatusCode);
        Assert.Empty(consumer.Batches);
    }

    [Fact]
    public async Task Corrupt_gzip_is_400()
    {
        var (handler, _) = Create();

        var response = await Post(handler, "application/x-protobuf", [1, 2, 3, 4], "gzip");

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task Refused_points_are_reported_as_partial_success_in_both_encodings()
    {
        var (handler, consumer) = Create();
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource("svc", CumulativeCounter("requests", 1), MalformedExponentialHistogram("exp", 2)));

        var protobuf = await Post(handler, "application/x-protobuf", request.ToByteArray());
        var json = await Post(handler, "application/json", Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)));

        Assert.Equal(200, protobuf.StatusCode);
        var partial = ExportMetricsServiceResponse.Parser.ParseFrom(protobuf.Body).PartialSuccess;
        Assert.Equal(2, partial.RejectedDataPoints);
        Assert.Contains("scale outside -10..20", partial.ErrorMessage);
        var jsonResponse = JsonParser.Default.Parse<ExportMetricsServiceResponse>(Encoding.UTF8.GetString(json.Body));
        Assert.Equal(2, jsonResponse.PartialSuccess.RejectedDataPoints);
        Assert.Equal(2, consumer.Batches.Count);
    }

    [Fact]
    public async Task Consumer_failure_is_503_so_the_sender_retries()
    {
        var (handler, _) = Create(_ => Task.FromException(new TimeoutException("grain timed out")));

        var response = await Post(handler, "application/x-protobuf", Mixed().ToByteArray());

        Assert.Equal(503, response.StatusCode);
        var status = Status.Parser.ParseFrom(response.Body);
        Assert.Equal(14, status.Code);
        Assert.Contains("grain timed out", status.Message);
    }

    [Fact]
    public async Task The_answer_waits_for_the_consumer()
    {
        var release = new TaskCompletionSource();
        var (handler, _) = Create(_ => release.Task);

        var pending = Post(handler, "application/x-protobuf", Mixed().ToByteArray());
        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        release.SetResult();

        Assert.Equal(200, (await pending).StatusCode);
    }

    [Fact]
    public async Task Accepted_and_refused_points_are_counted_with_collector_names_and_tags()
    {
        var recorded = new Dictionary<(string Name, string Transport), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == OrleansScrapeMeter.Meter && instrument.Name.StartsWith("otelcol_receiver_", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var marker = Guid.NewGuid().ToString("N");
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? receiver = null, transport = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "receiver") receiver = tag.Value as string;
                if (tag.Key == "transport") transport = tag.Value as string;
            }
            if (receiver == "otlp" && transport is not null)
            {
                lock (recorded)
                {
                    recorded[(instrument.Name, transport)] = recorded.GetValueOrDefault((instrument.Name, transport)) + value;
                }
            }
        });
        listener.Start();
        var (handler, _) = Create();
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource(marker, CumulativeCounter("requests", 1, 2, 3), MalformedExponentialHistogram("exp", 2)));

        await Post(handler, "application/x-protobuf", request.ToByteArray());

        // Other tests may run concurrently and add to the same counters: at least ours were counted.
        lock (recorded)
        {
            Assert.True(recorded.GetValueOrDefault((OtlpReceiverTelemetry.AcceptedMetricPointsName, "http")) >= 3);
            Assert.True(recorded.GetValueOrDefault((OtlpReceiverTelemetry.RefusedMetricPointsName, "http")) >= 2);
        }
    }
}
