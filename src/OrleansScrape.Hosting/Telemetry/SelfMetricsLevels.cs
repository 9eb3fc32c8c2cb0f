using System.Collections.Frozen;
using OrleansScrape.Otlp.Receivers;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// Which meters and instruments each <see cref="SelfMetricsLevel"/> keeps. The meters of a level are
/// added to the meter provider and a view drops the instruments the level leaves out, so a level
/// never depends on which meters someone else added; meters not named here are left alone.
/// </summary>
public static class SelfMetricsLevels
{
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The .NET runtime's own meter (GC, JIT, thread pool, process CPU and memory), built into .NET 9 and later.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    public const string ExporterEnqueueFailedMetricPointsName = "otelcol_exporter_enqueue_failed_metric_points";

    /// <summary>The Collector's essential instruments: what arrives, what leaves, what is queued.</summary>
    public static IReadOnlySet<string> BasicInstruments { get; } = new[]
    {
        OtlpReceiverTelemetry.AcceptedMetricPointsName,
        OtlpReceiverTelemetry.RefusedMetricPointsName,
        ExporterTelemetry.SentMetricPointsName,
        ExporterTelemetry.SendFailedMetricPointsName,
        ExporterEnqueueFailedMetricPointsName,
        ExporterTelemetry.QueueSizeName,
        ExporterTelemetry.QueueCapacityName,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The meters a level adds to the meter provider.</summary>
    public static IReadOnlyList<string> MetersOf(SelfMetricsLevel level) => level switch
    {
        SelfMetricsLevel.None => [],
        SelfMetricsLevel.Basic or SelfMetricsLevel.Normal => [OrleansScrapeMeter.MeterName],
        SelfMetricsLevel.Detailed => [OrleansScrapeMeter.MeterName, OrleansMeterName, RuntimeMeterName],
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>Whether an instrument is emitted at a level; instruments of other meters are always kept.</summary>
    public static bool Keeps(SelfMetricsLevel level, string meterName, string instrumentName) => meterName switch
    {
        OrleansScrapeMeter.MeterName => level switch
        {
            SelfMetricsLevel.None => false,
            SelfMetricsLevel.Basic => BasicInstruments.Contains(instrumentName),
            _ => true,
        },
        OrleansMeterName or RuntimeMeterName => level == SelfMetricsLevel.Detailed,
        _ => true,
    };
}
