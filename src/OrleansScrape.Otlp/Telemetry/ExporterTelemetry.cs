using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Telemetry;

/// <summary>
/// Exporter metrics under the Collector's names, so dashboards built for the Collector also
/// work for OrleansScrape. Every instrument is tagged <see cref="ExporterTag"/>; the queue gauges
/// report each live <see cref="ExporterSender"/>'s own sending queue.
/// </summary>
public static class ExporterTelemetry
{
    public const string ExporterTag = "exporter";

    public const string SentMetricPointsName = "otelcol_exporter_sent_metric_points";
    public const string SendFailedMetricPointsName = "otelcol_exporter_send_failed_metric_points";
    public const string EnqueueFailedMetricPointsName = "otelcol_exporter_enqueue_failed_metric_points";
    public const string RejectedMetricPointsName = "orleansscrape_exporter_rejected_metric_points";
    public const string DroppedAttributesName = "orleansscrape_exporter_dropped_attributes";
    public const string QueueSizeName = "otelcol_exporter_queue_size";
    public const string QueueCapacityName = "otelcol_exporter_queue_capacity";

    private static readonly ConcurrentDictionary<ExporterSender, byte> Senders = new();

    private static readonly Counter<long> SentMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        SentMetricPointsName, "{datapoints}", "Metric points the destination accepted.");

    private static readonly Counter<long> SendFailedMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        SendFailedMetricPointsName, "{datapoints}", "Metric points that could not be sent, after any retries.");

    private static readonly Counter<long> EnqueueFailedMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        EnqueueFailedMetricPointsName, "{datapoints}", "Metric points an exporter's sending queue refused (full, or the exporter stopping).");

    private static readonly Counter<long> RejectedMetricPoints = OrleansScrapeMeter.Meter.CreateCounter<long>(
        RejectedMetricPointsName, "{datapoints}", "Metric points the destination reported as rejected in a partial success.");

    private static readonly Counter<long> DroppedAttributes = OrleansScrapeMeter.Meter.CreateCounter<long>(
        DroppedAttributesName, "{attributes}", "Point attributes cut to fit the backend's attribute limit.");

    private static readonly ObservableGauge<long> QueueSize = OrleansScrapeMeter.Meter.CreateObservableGauge(
        QueueSizeName, ObserveQueueSizes, "{batches}", "What waits in a sending queue, in the queue's sizer units (requests, points or bytes).");

    private static readonly ObservableGauge<long> QueueCapacity = OrleansScrapeMeter.Meter.CreateObservableGauge(
        QueueCapacityName, ObserveQueueCapacities, "{batches}", "What a sending queue holds before it refuses or blocks, in its sizer units.");

    public static void RecordSent(string exporter, long points) =>
        SentMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordSendFailed(string exporter, long points) =>
        SendFailedMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordEnqueueFailed(string exporter, long points) =>
        EnqueueFailedMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordRejected(string exporter, long points) =>
        RejectedMetricPoints.Add(points, new KeyValuePair<string, object?>(ExporterTag, exporter));

    public static void RecordDroppedAttributes(string exporter, long attributes) =>
        DroppedAttributes.Add(attributes, new KeyValuePair<string, object?>(ExporterTag, exporter));

    internal static void TrackQueue(ExporterSender sender)
    {
        // Touching the gauges here creates them before the first sender can be observed.
        _ = QueueSize;
        _ = QueueCapacity;
        Senders.TryAdd(sender, 0);
    }

    internal static void UntrackQueue(ExporterSender sender) => Senders.TryRemove(sender, out _);

    private static IEnumerable<Measurement<long>> ObserveQueueSizes() =>
        Senders.Keys.Select(sender => new Measurement<long>(
            sender.QueueSize, new KeyValuePair<string, object?>(ExporterTag, sender.Name)));

    private static IEnumerable<Measurement<long>> ObserveQueueCapacities() =>
        Senders.Keys.Select(sender => new Measurement<long>(
            sender.QueueCapacity, new KeyValuePair<string, object?>(ExporterTag, sender.Name)));
}
