using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;

namespace OrleansScrape.Otlp.Receivers;

/// <summary>The consumer failed; the sender should retry (HTTP 503, gRPC Unavailable).</summary>
public sealed class OtlpReceiverUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The transport-independent part of the OTLP receiver: decodes a request, hands its batches to
/// the consumer, waits for it, counts accepted and refused points, and builds the response
/// (a partial success when points were refused).
/// </summary>
public sealed class OtlpMetricsReceiver
{
    private readonly IOtlpMetricsConsumer _consumer;

    public OtlpMetricsReceiver(IOtlpMetricsConsumer consumer)
    {
        _consumer = consumer ?? throw new ArgumentNullException(nameof(consumer));
    }

    /// <param name="transport"><see cref="OtlpReceiverTelemetry.Grpc"/> or <see cref="OtlpReceiverTelemetry.Http"/>.</param>
    /// <exception cref="OtlpReceiverUnavailableException">The consumer failed; nothing of the request is known to be kept.</exception>
    public async Task<ExportMetricsServiceResponse> ExportAsync(ExportMetricsServiceRequest request, string transport, CancellationToken cancellationToken)
    {
        var decoded = OtlpMetricsDecoder.Decode(request);
        if (decoded.Batches.Count > 0)
        {
            try
            {
                await _consumer.ConsumeAsync(decoded.Batches, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                OtlpReceiverTelemetry.RecordRefused(transport, decoded.AcceptedPoints + decoded.RefusedPoints);
                throw new OtlpReceiverUnavailableException($"metrics could not be pushed into the pipeline: {e.Message}", e);
            }
        }
        OtlpReceiverTelemetry.RecordAccepted(transport, decoded.AcceptedPoints);
        OtlpReceiverTelemetry.RecordRefused(transport, decoded.RefusedPoints);

        var response = new ExportMetricsServiceResponse();
        if (decoded.RefusedPoints > 0)
        {
            response.PartialSuccess = new ExportMetricsPartialSuccess
            {
                RejectedDataPoints = decoded.RefusedPoints,
                ErrorMessage = decoded.RefusedReason ?? "",
            };
        }
        return response;
    }
}
