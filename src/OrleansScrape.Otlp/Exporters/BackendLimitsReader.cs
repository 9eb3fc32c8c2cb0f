using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>
/// OrleansScrape's backend-limit keys of an OTLP exporter: <c>preset</c> (<c>dynatrace</c>), then
/// <c>max_request_bytes</c>, <c>max_points_per_request</c>, <c>max_attributes_per_point</c> and
/// <c>summaries_as_gauges</c>, each overriding the preset. Only maps; <see cref="BackendLimits.Validate"/> checks.
/// </summary>
public static class BackendLimitsReader
{
    /// <summary>The presets by name.</summary>
    public static IReadOnlyDictionary<string, BackendLimits> Presets { get; } = new Dictionary<string, BackendLimits>(StringComparer.Ordinal)
    {
        ["dynatrace"] = BackendLimits.Dynatrace,
    };

    public static BackendLimits Read(YamlMappingReader section, BackendLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(defaults);
        var limits = defaults;
        if (section.GetString("preset") is { } preset)
        {
            limits = Presets.TryGetValue(preset, out var known)
                ? known
                : throw section.ErrorAt("preset", $"{section.Qualified("preset")}: \"{preset}\" is not a known preset (known: {string.Join(", ", Presets.Keys)})");
        }
        var maxBytes = limits.MaxRequestBytes;
        if (section.GetString("max_request_bytes") is { } text && !ByteSize.TryParse(text, out maxBytes))
        {
            throw section.ErrorAt("max_request_bytes", $"{section.Qualified("max_request_bytes")}: \"{text}\" is not a size (examples: 4194304, 4MB, 512KB)");
        }
        return limits with
        {
            MaxRequestBytes = maxBytes,
            MaxPointsPerRequest = section.GetInt("max_points_per_request") ?? limits.MaxPointsPerRequest,
            MaxAttributesPerPoint = section.GetInt("max_attributes_per_point") ?? limits.MaxAttributesPerPoint,
            SummariesAsGauges = section.GetBool("summaries_as_gauges") ?? limits.SummariesAsGauges,
        };
    }
}
