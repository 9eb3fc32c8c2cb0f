namespace OrleansScrape.Otlp.Model;

/// <summary>The OTLP metric data kinds this product carries.</summary>
public enum MetricType : byte
{
    Gauge = 0,
    Sum = 1,
    Histogram = 2,
    ExponentialHistogram = 3,
    Summary = 4,
}
