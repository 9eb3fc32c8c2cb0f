using Grpc.Core;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;

namespace OrleansScrape.Otlp.Receivers;

/// <summary>
/// <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>: answers after the
/// consumer took the batches; a consumer failure is <see cref="StatusCode.Unavailable"/> so the
/// sender retries.
/// </summary>
public sealed class OtlpGrpcMetricsService : MetricsService.MetricsServiceBase
{
    private readonly OtlpMetricsReceiver _receiver;

    public OtlpGrpcMetricsService(OtlpMetricsReceiver receiver)
    {
        _receiver = receiver ?? throw new ArgumentNullException(nameof(receiver));
    }

    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        try
        {
            return await _receiver.ExportAsync(request, OtlpReceiverTelemetry.Grpc, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OtlpReceiverUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }
}
