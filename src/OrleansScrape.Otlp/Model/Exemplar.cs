namespace OrleansScrape.Otlp.Model;

/// <summary>
/// An exemplar of a number or histogram point. Trace and span ids are zero when absent (OTLP
/// treats all-zero ids as missing). Its filtered attributes are
/// <c>PointAttributes[AttributeStart .. AttributeStart + AttributeCount)</c> of the owning batch.
/// </summary>
public readonly record struct Exemplar(
    long TimeUnixNano,
    double Value,
    UInt128 TraceId,
    ulong SpanId,
    int AttributeStart,
    int AttributeCount);
