namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// The Collector's conversion of OpenMetrics unit words to UCUM (its <c>UnitWordToUCUM</c>):
/// <c>seconds</c> is <c>s</c>, <c>bytes_per_second</c> is <c>By/s</c>, unknown words stay as they are.
/// </summary>
internal static class UcumUnits
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["days"] = "d", ["hours"] = "h", ["minutes"] = "min", ["seconds"] = "s",
        ["milliseconds"] = "ms", ["microseconds"] = "us", ["nanoseconds"] = "ns",
        ["bytes"] = "By", ["kibibytes"] = "KiBy", ["mebibytes"] = "MiBy", ["gibibytes"] = "GiBy", ["tibibytes"] = "TiBy",
        ["kilobytes"] = "KBy", ["megabytes"] = "MBy", ["gigabytes"] = "GBy", ["terabytes"] = "TBy",
        ["meters"] = "m", ["volts"] = "V", ["amperes"] = "A", ["joules"] = "J", ["watts"] = "W", ["grams"] = "g",
        ["celsius"] = "Cel", ["hertz"] = "Hz", ["ratio"] = "1", ["percent"] = "%",
    };

    private static readonly Dictionary<string, string> PerWords = new(StringComparer.Ordinal)
    {
        ["second"] = "s", ["minute"] = "m", ["hour"] = "h", ["day"] = "d", ["week"] = "w", ["month"] = "mo", ["year"] = "y",
    };

    public static string FromWords(string unit)
    {
        if (unit.Length == 0)
        {
            return unit;
        }
        var per = unit.IndexOf("_per_", StringComparison.Ordinal);
        var first = per < 0 ? unit : unit[..per];
        var converted = Words.GetValueOrDefault(first, first);
        if (per >= 0 && per + 5 < unit.Length)
        {
            var perWord = unit[(per + 5)..];
            converted += "/" + PerWords.GetValueOrDefault(perWord, perWord);
        }
        return converted;
    }
}
