using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Pipeline;

namespace OrleansScrape.Otlp.Telemetry;

/// <summary>
/// Exporter metrics under the Collector's names, so dashboards built for the Collector also
/// work for OrleansScrape.
/// </summary>
public static class ExporterTelemetry
{
    public const string ExporterTag = "exporter";

    /// <summary>The queue sits in front of all of a pipeline's exporters, so its gauges are tagged by pipeline.</summary>
    public const string PipelineTag = "pipeline";

    public const string SentMetricPointsName = "otelcol_exporter_sent_metric_points";
    public const string SendFailedMetricPointsName = "otelcol_exporter_send_failed_metric_points";
    public const string RejectedMetricPointsName = "orleansscrape_exporter_rejected_metric_points";
    public const string DroppedAttributesName = "orleansscrape_exporter_dropped_attributes";
    public const string QueueSizeName = "otelcol_exporter_queue_size";
    public const string QueueCapacityName = "otelcol_exporter_queue_capacity";

    private static readonly ConcurrentDictionary<ExportPipeline, byte> Pipelines = new();

    private static readonly Counter<long> SentMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        SentMetricPointsName, "{datapoints}", "Metric points the destination accepted.");

    private static readonly Counter<long> SendFailedMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        SendFailedMetricPointsName, "{datapoints}", "Metric points that could not be sent, after any retries.");

    private static readonly Counter<long> RejectedMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        RejectedMetricPointsName, "{datapoints}", "Metric points the destination reported as rejected in a partial success.");

    private static readonly Counter<long> DroppedAttributes = OrleansScrapeMeter.Meter.CreateCounter<long>(
        DroppedAttributesName, "{attributes}", "Point attributes cut to fit the backend's attribute limit.");

    private static readonly ObservableGauge<long> QueueSize = OrleansScrapeMeter.Meter.CreateObservableGauge(
        QueueSizeName, ObserveQueueSizes, "{batches}", "Batches waiting in an export pipeline's queue.");

    private static readonly ObservableGauge<long> QueueCapacity = OrleansScrapeMeter.Meter.CreateObservableGauge(
        QueueCapacityName, ObserveQueueCapacities, "{batches}", "How many batches an export pipeline's queue holds before enqueuing waits.");

    public static void RecordSent(string exporter, long points) =>
        SentMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordSendFailed(string exporter, long points) =>
        SendFailedMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordRejected(string exporter, long points) =>
        RejectedMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordDroppedAttributes(string exporter, long attributes) =>
        DroppedAttributes.Add(attributes, new KeyValuePair<string, object?>(ExporterTag, exporter));

    internal static void TrackQueue(ExportPipeline pipeline)
    {
        // Touching the gauges here creates them before the first pipeline can be observed.
        _ = QueueSize;
        _ = QueueCapacity;
        Pipelines.TryAdd(pipeline, 0);
    }

    internal static void UntrackQueue(ExportPipeline pipeline) => Pipelines.TryRemove(pipeline, out _);

    private static IEnumerable<Measurement<long>> ObserveQueueSizes() =>
        Pipelines.Keys.Select(pipeline => new Measurement<long>(
            pipeline.QueueSize, new KeyValuePair<string, object?>(PipelineTag, pipeline.Name)));

    private static IEnumerable<Measurement<long>> ObserveQueueCapacities() =>
        Pipelines.Keys.Select(pipeline => new Measurement<long>(
            pipeline.QueueCapacity, new KeyValuePair<string, object?>(PipelineTag, pipeline.Name)));
}
