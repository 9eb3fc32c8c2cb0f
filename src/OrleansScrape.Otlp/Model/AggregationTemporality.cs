namespace OrleansScrape.Otlp.Model;

/// <summary>Values match OTLP's <c>AggregationTemporality</c> enum so they encode as-is.</summary>
public enum AggregationTemporality : byte
{
    Unspecified = 0,
    Delta = 1,
    Cumulative = 2,
}
