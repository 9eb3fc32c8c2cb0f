namespace OrleansScrape.Otlp.Model;

/// <summary>
/// A gauge or sum data point. Its attributes are
/// <c>PointAttributes[AttributeStart .. AttributeStart + AttributeCount)</c> of the owning batch and
/// its exemplars <c>Exemplars[ExemplarStart .. ExemplarStart + ExemplarCount)</c>.
/// Times are Unix nanoseconds; a start time of 0 means "not known".
/// </summary>
public readonly record struct NumberPoint(
    long StartTimeUnixNano,
    long TimeUnixNano,
    double Value,
    DataPointFlags Flags,
    int AttributeStart,
    int AttributeCount,
    int ExemplarStart = 0,
    int ExemplarCount = 0);
