using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Proto.Rpc;
using OrleansScrape.Otlp.Telemetry;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters;

public sealed class OtlpHttpExporterTests : IDisposable
{
    private static readonly MetricBatch[] Batches = [TestBatches.GaugeAndDeltaSum(), TestBatches.Gauge("second", 4)];

    private readonly HttpClient _httpClient = new();

    public void Dispose() => _httpClient.Dispose();

    [Fact]
    public async Task Export_posts_gzipped_protobuf_to_v1_metrics()
    {
        await using var sink = await OtlpSink.StartAsync();

        await NewExporter(sink.BaseUri).ExportAsync(Batches, CancellationToken.None);

        var request = Assert.Single(sink.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/metrics", request.Path);
        Assert.Equal("application/x-protobuf", request.Header("Content-Type"));
        Assert.Equal("gzip", request.Header("Content-Encoding"));
        Assert.Equal(OtlpRequestEncoder.Encode(Batches), request.DecodeBody());
    }

    [Fact]
    public async Task Endpoint_with_a_path_keeps_it_before_v1_metrics()
    {
        await using var sink = await OtlpSink.StartAsync();

        await NewExporter(new Uri(sink.BaseUri, "/otlp/")).ExportAsync(Batches, CancellationToken.None);

        Assert.Equal("/otlp/v1/metrics", Assert.Single(sink.Requests).Path);
    }

    [Fact]
    public void Metrics_uri_appends_v1_metrics_whether_or_not_the_endpoint_ends_in_a_slash()
    {
        Assert.Equal("http://collector:4318/v1/metrics", OtlpHttpExporter.BuildMetricsUri(new Uri("http://collector:4318")).ToString());
        Assert.Equal("http://collector:4318/v1/metrics", OtlpHttpExporter.BuildMetricsUri(new Uri("http://collector:4318/")).ToString());
        Assert.Equal("https://saas.example/api/v2/otlp/v1/metrics", OtlpHttpExporter.BuildMetricsUri(new Uri("https://saas.example/api/v2/otlp")).ToString());
        Assert.Equal("https://saas.example/api/v2/otlp/v1/metrics", OtlpHttpExporter.BuildMetricsUri(new Uri("https://saas.example/api/v2/otlp/")).ToString());
        Assert.Equal("http://c/otlp/v1/metrics?tenant=a", OtlpHttpExporter.BuildMetricsUri(new Uri("http://c/otlp?tenant=a")).ToString());
    }

    [Fact]
    public async Task Configured_headers_arrive_on_every_request()
    {
        await using var sink = await OtlpSink.StartAsync();
        var exporter = NewExporter(sink.BaseUri, options => options.Headers = new()
        {
            ["Authorization"] = "Api-Token dt0c01.secret",
            ["X-Scope-OrgID"] = "tenant-1",
        });

        await exporter.ExportAsync(Batches, CancellationToken.None);
        await exporter.ExportAsync(Batches, CancellationToken.None);

        Assert.Equal(2, sink.Requests.Count);
        Assert.All(sink.Requests, request =>
        {
            Assert.Equal("Api-Token dt0c01.secret", request.Header("Authorization"));
            Assert.Equal("tenant-1", request.Header("X-Scope-OrgID"));
        });
    }

    [Fact]
    public async Task Compression_none_sends_plain_protobuf()
    {
        await using var sink = await OtlpSink.StartAsync();

        await NewExporter(sink.BaseUri, options => options.Compression = OtlpCompression.None).ExportAsync(Batches, CancellationToken.None);

        var request = Assert.Single(sink.Requests);
        Assert.Null(request.Header("Content-Encoding"));
        Assert.Equal(OtlpRequestEncoder.Encode(Batches), ExportMetricsServiceRequest.Parser.ParseFrom(request.Body));
    }

    [Fact]
    public async Task Status_503_with_retry_after_seconds_is_retryable_after_that_delay()
    {
        await using var sink = await OtlpSink.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "2";
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => NewExporter(sink.BaseUri).ExportAsync(Batches, CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Contains("503", error.Message);
    }

    [Fact]
    public async Task Status_429_with_retry_after_date_is_retryable_until_that_date()
    {
        await using var sink = await OtlpSink.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R");
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => NewExporter(sink.BaseUri).ExportAsync(Batches, CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task Status_502_and_504_without_retry_after_are_retryable()
    {
        var status = StatusCodes.Status502BadGateway;
        await using var sink = await OtlpSink.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        var exporter = NewExporter(sink.BaseUri);

        var badGateway = await Assert.ThrowsAsync<ExportFailedException>(() => exporter.ExportAsync(Batches, CancellationToken.None));
        status = StatusCodes.Status504GatewayTimeout;
        var gatewayTimeout = await Assert.ThrowsAsync<ExportFailedException>(() => exporter.ExportAsync(Batches, CancellationToken.None));

        Assert.True(badGateway.IsRetryable);
        Assert.Null(badGateway.RetryAfter);
        Assert.True(gatewayTimeout.IsRetryable);
    }

    [Fact]
    public async Task Status_400_is_not_retryable_and_quotes_the_body()
    {
        await using var sink = await OtlpSink.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("metric name is invalid\nsecond line");
        });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => NewExporter(sink.BaseUri).ExportAsync(Batches, CancellationToken.None));

        Assert.False(error.IsRetryable);
        Assert.Null(error.RetryAfter);
        Assert.Contains("400", error.Message);
        Assert.Contains("metric name is invalid second line", error.Message);
    }

    [Fact]
    public async Task Protobuf_error_body_is_read_as_a_status_message()
    {
        await using var sink = await OtlpSink.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = OtlpHttpExporter.ProtobufMediaType;
            await context.Response.Body.WriteAsync(new Status { Code = 16, Message = "token expired" }.ToByteArray());
        });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => NewExporter(sink.BaseUri).ExportAsync(Batches, CancellationToken.None));

        Assert.False(error.IsRetryable);
        Assert.Contains("401", error.Message);
        Assert.Contains("token expired", error.Message);
    }

    [Fact]
    public async Task Long_error_body_is_cut_to_a_snippet()
    {
        await using var sink = await OtlpSink.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsync(new string('x', 10_000));
        });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() => NewExporter(sink.BaseUri).ExportAsync(Batches, CancellationToken.None));

        Assert.False(error.IsRetryable);
        Assert.True(error.Message.Length < 500, error.Message);
    }

    [Fact]
    public async Task Partial_success_rejections_are_counted()
    {
        await using var sink = await OtlpSink.StartAsync(async context =>
        {
            context.Response.ContentType = OtlpHttpExporter.ProtobufMediaType;
            var answer = new ExportMetricsServiceResponse
            {
                PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = 3, ErrorMessage = "NaN values rejected" },
            };
            await context.Response.Body.WriteAsync(answer.ToByteArray());
        });
        var name = "partial-" + Guid.NewGuid();
        var exporter = NewExporter(sink.BaseUri, name: name);
        long recorded = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == OrleansScrapeMeter.Meter && instrument.Name == ExporterTelemetry.RejectedMetricPointsName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ExporterTelemetry.ExporterTag && (string?)tag.Value == name)
                {
                    Interlocked.Add(ref recorded, value);
                }
            }
        });
        listener.Start();

        await exporter.ExportAsync(Batches, CancellationToken.None);
        await exporter.ExportAsync(Batches, CancellationToken.None);

        Assert.Equal(6, exporter.RejectedPoints);
        Assert.Equal(6, Interlocked.Read(ref recorded));
    }

    [Fact]
    public async Task Empty_success_answer_counts_no_rejections()
    {
        await using var sink = await OtlpSink.StartAsync(context =>
        {
            context.Response.ContentType = OtlpHttpExporter.ProtobufMediaType;
            return Task.CompletedTask;
        });
        var exporter = NewExporter(sink.BaseUri);

        await exporter.ExportAsync(Batches, CancellationToken.None);

        Assert.Equal(0, exporter.RejectedPoints);
    }

    [Fact]
    public async Task Answer_slower_than_the_timeout_is_a_retryable_failure()
    {
        await using var sink = await OtlpSink.StartAsync(async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as the test wants.
            }
        });

        var error = await Assert.ThrowsAsync<ExportFailedException>(() =>
            NewExporter(sink.BaseUri, options => options.Timeout = TimeSpan.FromMilliseconds(200)).ExportAsync(Batches, CancellationToken.None));

        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Refused_connection_is_a_retryable_failure()
    {
        var unused = new TcpListener(IPAddress.Loopback, 0);
        unused.Start();
        var port = ((IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();

        var error = await Assert.ThrowsAsync<ExportFailedException>(() =>
            NewExporter(new Uri($"http://127.0.0.1:{port}")).ExportAsync(Batches, CancellationToken.None));

        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_an_export_failure()
    {
        await using var sink = await OtlpSink.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewExporter(sink.BaseUri).ExportAsync(Batches, cancelled.Token));
    }

    [Fact]
    public void Misconfigured_options_are_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new OtlpHttpExporter("bad", new OtlpHttpExporterOptions(), _httpClient));

        Assert.Contains("endpoint is required", error.Message);
    }

    private OtlpHttpExporter NewExporter(Uri endpoint, Action<OtlpHttpExporterOptions>? configure = null, string name = "otlphttp")
    {
        var options = new OtlpHttpExporterOptions { Endpoint = endpoint };
        configure?.Invoke(options);
        return new OtlpHttpExporter(name, options, _httpClient);
    }
}
