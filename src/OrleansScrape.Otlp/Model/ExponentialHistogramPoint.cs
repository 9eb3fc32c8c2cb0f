namespace OrleansScrape.Otlp.Model;

/// <summary>
/// A base-2 exponential histogram point. Bucket i of a range covers
/// <c>(base^(offset+i), base^(offset+i+1)]</c> with <c>base = 2^(2^-Scale)</c>. Its positive bucket
/// counts are <c>BucketCounts[CountsStart .. CountsStart + PositiveCount)</c> of the batch and its
/// negative ones follow them (<c>NegativeCount</c> of them); explicit-bucket histograms share that
/// column. Attributes and exemplars index the batch as for <see cref="NumberPoint"/>.
/// </summary>
public readonly record struct ExponentialHistogramPoint(
    long StartTimeUnixNano,
    long TimeUnixNano,
    ulong Count,
    double Sum,
    bool HasSum,
    double Min,
    bool HasMin,
    double Max,
    bool HasMax,
    int Scale,
    ulong ZeroCount,
    double ZeroThreshold,
    int PositiveOffset,
    int PositiveCount,
    int NegativeOffset,
    int NegativeCount,
    int CountsStart,
    DataPointFlags Flags,
    int AttributeStart,
    int AttributeCount,
    int ExemplarStart = 0,
    int ExemplarCount = 0);
