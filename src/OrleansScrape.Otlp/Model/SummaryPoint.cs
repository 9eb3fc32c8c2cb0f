namespace OrleansScrape.Otlp.Model;

/// <summary>
/// A summary point. Its quantiles are <c>Quantiles[QuantileStart .. QuantileStart + QuantileCount)</c>
/// of the owning batch; attributes index the batch as for <see cref="NumberPoint"/>.
/// </summary>
public readonly record struct SummaryPoint(
    long StartTimeUnixNano,
    long TimeUnixNano,
    ulong Count,
    double Sum,
    DataPointFlags Flags,
    int QuantileStart,
    int QuantileCount,
    int AttributeStart,
    int AttributeCount);
