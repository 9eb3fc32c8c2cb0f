using Google.Protobuf;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;

namespace OrleansScrape.Otlp.Encoders;

/// <summary>
/// Writes an export request as OTLP/JSON: lowerCamelCase field names, enums as their numbers,
/// 64-bit integers as decimal strings. The encoder never emits exemplars, so the hex rule for
/// trace and span ids (which protobuf's JSON mapping would write as base64) never applies.
/// </summary>
public static class OtlpJsonEncoder
{
    private static readonly JsonFormatter Formatter =
        new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));

    public static string ToJson(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Formatter.Format(request);
    }
}
