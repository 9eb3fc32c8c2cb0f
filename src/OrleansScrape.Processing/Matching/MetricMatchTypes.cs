using OrleansScrape.Configuration;

namespace OrleansScrape.Processing.Matching;

/// <summary>The <c>match_type</c> key the Collector's processors share.</summary>
public static class MetricMatchTypes
{
    /// <summary>strict or regexp; null when the key is absent or empty.</summary>
    public static MetricMatchType? Read(YamlMappingReader mapping, string key)
    {
        var text = mapping.GetString(key);
        return text switch
        {
            null or "" => null,
            "strict" => MetricMatchType.Strict,
            "regexp" => MetricMatchType.Regexp,
            _ => throw mapping.ErrorAt(key, $"{mapping.Qualified(key)} \"{text}\" must be strict or regexp"),
        };
    }
}
