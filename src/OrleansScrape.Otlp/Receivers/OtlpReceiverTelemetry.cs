using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Otlp.Receivers;

/// <summary>
/// Self-monitoring of the OTLP receiver under the Collector's names, tagged
/// <c>receiver=otlp</c> and <c>transport=grpc|http</c>. Names, unit and description equal those
/// of the Prometheus receiver's counters, so a meter listener sees one metric for both.
/// </summary>
public static class OtlpReceiverTelemetry
{
    public const string AcceptedMetricPointsName = "otelcol_receiver_accepted_metric_points";
    public const string RefusedMetricPointsName = "otelcol_receiver_refused_metric_points";
    public const string ReceiverTag = "receiver";
    public const string TransportTag = "transport";
    public const string Grpc = "grpc";
    public const string Http = "http";

    private static readonly KeyValuePair<string, object?>[] GrpcTags = [new(ReceiverTag, "otlp"), new(TransportTag, Grpc)];
    private static readonly KeyValuePair<string, object?>[] HttpTags = [new(ReceiverTag, "otlp"), new(TransportTag, Http)];

    private static readonly Counter<long> Accepted = OrleansScrapeMeter.Meter.CreateCounter<long>(
        AcceptedMetricPointsName, "{datapoints}",
        "Number of metric points successfully pushed into the pipeline.");

    private static readonly Counter<long> Refused = OrleansScrapeMeter.Meter.CreateCounter<long>(
        RefusedMetricPointsName, "{datapoints}",
        "Number of metric points that could not be pushed into the pipeline.");

    public static void RecordAccepted(string transport, long points)
    {
        if (points > 0)
        {
            Accepted.Add(points, Tags(transport));
        }
    }

    public static void RecordRefused(string transport, long points)
    {
        if (points > 0)
        {
            Refused.Add(points, Tags(transport));
        }
    }

    private static ReadOnlySpan<KeyValuePair<string, object?>> Tags(string transport) => transport == Grpc ? GrpcTags : HttpTags;
}
