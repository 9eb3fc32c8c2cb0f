using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Exporters.LoadBalancing;
using OrleansScrape.Hosting.Extensions.FileStorage;
using OrleansScrape.Hosting.Extensions.HealthCheck;
using OrleansScrape.Hosting.OtlpReceiver;
using OrleansScrape.Otlp.Exporters.Debug;
using OrleansScrape.Otlp.Exporters.File;
using OrleansScrape.Otlp.Exporters.OtlpGrpc;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Processing.Batching;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.Filter;
using OrleansScrape.Processing.KubernetesAttributes;
using OrleansScrape.Processing.MemoryLimiter;
using OrleansScrape.Processing.MetricStartTime;
using OrleansScrape.Processing.Transform;
using OrleansScrape.Prometheus.Receiver;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// Every component type OrleansScrape runs, one line each. The config reader, <c>check config</c>
/// and the "supported: ..." messages read this list; adding a component is adding its line.
/// </summary>
public static class OrleansScrapeComponents
{
    public static ComponentRegistry Registry { get; } = new(
    [
        new PrometheusReceiverFactory(),
        new OtlpReceiverFactory(),

        new MemoryLimiterFactory(),
        new MetricStartTimeFactory(),
        new CumulativeToDeltaFactory(),
        new FilterFactory(),
        new KubernetesAttributesFactory(),
        new TransformFactory(),
        new BatchFactory(),

        new OtlpHttpExporterFactory(),
        new OtlpGrpcExporterFactory(),
        new FileExporterFactory(),
        new DebugExporterFactory(),
        new LoadBalancingExporterFactory(),

        new FileStorageFactory(),
        new HealthCheckExtensionFactory(),
    ]);
}
