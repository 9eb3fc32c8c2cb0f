using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Receivers;

/// <summary>
/// Where an OTLP receiver hands the batches of a request. The request is answered only after
/// the returned task completes; a failure makes the sender retry (HTTP 503, gRPC Unavailable).
/// </summary>
public interface IOtlpMetricsConsumer
{
    Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken);
}
