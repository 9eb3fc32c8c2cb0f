using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Encoders;

public class OtlpJsonEncoderTests
{
    private static readonly string Json = OtlpJsonEncoder.ToJson(OtlpRequestEncoder.Encode([TestBatches.GaugeAndDeltaSum()]));

    [Fact]
    public void Field_names_are_lower_camel_case()
    {
        foreach (var name in new[] { "resourceMetrics", "scopeMetrics", "dataPoints", "timeUnixNano", "startTimeUnixNano", "aggregationTemporality", "isMonotonic", "stringValue", "asDouble" })
        {
            Assert.Contains($"\"{name}\"", Json);
        }
        foreach (var name in new[] { "resource_metrics", "scope_metrics", "data_points", "time_unix_nano", "as_double" })
        {
            Assert.DoesNotContain($"\"{name}\"", Json);
        }
    }

    [Fact]
    public void Point_values_are_written_as_as_double()
    {
        Assert.Contains("\"asDouble\": 42", Json);
        Assert.Contains("\"asDouble\": 7", Json);
    }

    [Fact]
    public void Enums_are_written_as_integers()
    {
        Assert.Contains("\"aggregationTemporality\": 1", Json);
        Assert.DoesNotContain("AGGREGATION_TEMPORALITY_DELTA", Json);
    }

    [Fact]
    public void Sixty_four_bit_times_are_decimal_strings()
    {
        Assert.Contains($"\"timeUnixNano\": \"{TestBatches.Time}\"", Json);
        Assert.Contains($"\"startTimeUnixNano\": \"{TestBatches.Start}\"", Json);
    }
}
