using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Compression;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Otlp.Exporters.OtlpGrpc;

/// <summary>
/// Sends metrics to <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c> over gRPC,
/// like the Collector's <c>otlp</c> exporter. Unavailable, resource-exhausted, deadline-exceeded,
/// aborted, cancelled, out-of-range and data-loss answers are retryable, as OTLP specifies.
/// </summary>
public sealed class OtlpGrpcExporter : IMetricsExporter, IDisposable
{
    private static readonly HashSet<StatusCode> Retryable =
    [
        StatusCode.Unavailable, StatusCode.ResourceExhausted, StatusCode.DeadlineExceeded, StatusCode.Aborted,
        StatusCode.Cancelled, StatusCode.OutOfRange, StatusCode.DataLoss,
    ];

    private readonly GrpcChannel _channel;
    private readonly MetricsService.MetricsServiceClient _client;
    private readonly Metadata _headers = new();
    private readonly TimeSpan _timeout;
    private readonly BackendLimits _limits;
    private long _rejectedPoints;

    public OtlpGrpcExporter(string name, OtlpGrpcExporterOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Exporter '{name}' is misconfigured: {string.Join(" ", problems)}", nameof(options));
        }
        Name = name;
        _timeout = options.Timeout;
        _limits = options.Limits;
        foreach (var (key, value) in options.Headers)
        {
            _headers.Add(key.ToLowerInvariant(), value);
        }
        if (options.Gzip)
        {
            _headers.Add("grpc-internal-encoding-request", "gzip");
        }
        _channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) },
            CompressionProviders = [new GzipCompressionProvider(System.IO.Compression.CompressionLevel.Fastest)],
            MaxSendMessageSize = null,
        });
        _client = new MetricsService.MetricsServiceClient(_channel);
        Target = options.Address;
    }

    public string Name { get; }

    public Uri Target { get; }

    /// <summary>Points the server reported as rejected in partial-success answers.</summary>
    public long RejectedPoints => Interlocked.Read(ref _rejectedPoints);

    public async Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        var shaped = RequestShaper.Shape(batches, _limits, out var dropped);
        if (dropped > 0)
        {
            ExporterTelemetry.RecordDroppedAttributes(Name, dropped);
        }
        try
        {
            var response = await _client.ExportAsync(OtlpRequestEncoder.Encode(shaped), _headers, DateTime.UtcNow + _timeout, cancellationToken).ConfigureAwait(false);
            if (response.PartialSuccess is { RejectedDataPoints: > 0 } partial)
            {
                Interlocked.Add(ref _rejectedPoints, partial.RejectedDataPoints);
                ExporterTelemetry.RecordRejected(Name, partial.RejectedDataPoints);
            }
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExportFailedException(
                $"{Name}: {Target} answered {exception.StatusCode}: {exception.Status.Detail}",
                Retryable.Contains(exception.StatusCode),
                RetryDelay(exception),
                exception);
        }
    }

    // A server that throttles may say when to come back in the grpc-retry-pushback-ms trailer.
    private static TimeSpan? RetryDelay(RpcException exception)
    {
        var pushback = exception.Trailers.GetValue("grpc-retry-pushback-ms");
        return long.TryParse(pushback, out var milliseconds) && milliseconds >= 0 ? TimeSpan.FromMilliseconds(milliseconds) : null;
    }

    public void Dispose() => _channel.Dispose();
}
