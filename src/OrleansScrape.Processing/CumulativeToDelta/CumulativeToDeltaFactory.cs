using OrleansScrape.Configuration;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary><c>cumulative_to_delta</c> (formerly <c>cumulativetodelta</c>): keys in README.md.</summary>
public sealed class CumulativeToDeltaFactory : ProcessorFactory<CumulativeToDeltaOptions>
{
    public override string Type => "cumulative_to_delta";

    public override IReadOnlyList<string> Aliases => ["cumulativetodelta"];

    public override CumulativeToDeltaOptions CreateDefault() => new();

    protected override CumulativeToDeltaOptions Read(YamlMappingReader section, CumulativeToDeltaOptions defaults)
    {
        var initial = section.GetString("initial_value");
        var reset = section.GetString("reset");
        return defaults with
        {
            Include = ReadSelection(section, "include"),
            Exclude = ReadSelection(section, "exclude"),
            MaxStaleness = GoDuration.Read(section, "max_staleness") ?? defaults.MaxStaleness,
            InitialValue = initial switch
            {
                null => defaults.InitialValue,
                "auto" => InitialValueMode.Auto,
                "keep" => InitialValueMode.Keep,
                "drop" => InitialValueMode.Drop,
                _ => throw section.ErrorAt("initial_value", $"{section.Qualified("initial_value")} \"{initial}\" must be auto, keep or drop"),
            },
            Reset = reset switch
            {
                null => defaults.Reset,
                "keep_increase" => ResetPolicy.KeepIncrease,
                "drop" => ResetPolicy.Drop,
                _ => throw section.ErrorAt("reset", $"{section.Qualified("reset")} \"{reset}\" must be keep_increase or drop"),
            },
        };
    }

    protected override IMetricsProcessor Create(CumulativeToDeltaOptions options, ProcessorServices services) =>
        new CumulativeToDeltaProcessor(options);

    private static DeltaMetricSelection? ReadSelection(YamlMappingReader section, string key)
    {
        if (section.GetMapping(key) is not { } mapping)
        {
            return null;
        }
        var metrics = mapping.GetStringList("metrics");
        var matchType = MetricMatchTypes.Read(mapping, "match_type");
        var metricTypes = mapping.GetStringList("metric_types").Select(name => name.ToLowerInvariant() switch
        {
            "sum" => DeltaMetricType.Sum,
            "histogram" => DeltaMetricType.Histogram,
            "exponentialhistogram" => DeltaMetricType.ExponentialHistogram,
            _ => throw mapping.ErrorAt("metric_types", $"{mapping.Qualified("metric_types")}: \"{name}\" must be sum, histogram or exponentialhistogram"),
        }).ToList();
        mapping.RejectUnknownKeys();
        return new DeltaMetricSelection { Metrics = metrics, MatchType = matchType, MetricTypes = metricTypes };
    }
}
