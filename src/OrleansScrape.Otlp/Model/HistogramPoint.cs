namespace OrleansScrape.Otlp.Model;

/// <summary>
/// An explicit-bucket histogram point. Its upper bounds are
/// <c>HistogramBounds[BoundsStart .. BoundsStart + BoundsCount)</c> and its (non-cumulative) bucket
/// counts <c>BucketCounts[CountsStart .. CountsStart + BoundsCount + 1)</c>: the last bucket is the
/// one above the highest bound, as in OTLP. Attributes and exemplars index the batch as for
/// <see cref="NumberPoint"/>.
/// </summary>
public readonly record struct HistogramPoint(
    long StartTimeUnixNano,
    long TimeUnixNano,
    ulong Count,
    double Sum,
    bool HasSum,
    DataPointFlags Flags,
    int BoundsStart,
    int BoundsCount,
    int CountsStart,
    int AttributeStart,
    int AttributeCount,
    int ExemplarStart = 0,
    int ExemplarCount = 0);
