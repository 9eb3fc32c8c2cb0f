namespace OrleansScrape.Otlp.Model;

/// <summary>Bit values of OTLP's <c>DataPointFlags</c>.</summary>
[Flags]
public enum DataPointFlags : uint
{
    None = 0,
    /// <summary>The point carries no value: Prometheus's stale marker.</summary>
    NoRecordedValue = 1,
}
