using OrleansScrape.Configuration;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.Filter;

/// <summary><c>filter</c>: the metric-name subset (<c>metrics.include</c> / <c>metrics.exclude</c>).</summary>
public sealed class FilterFactory : ProcessorFactory<FilterOptions>
{
    public override string Type => "filter";

    protected override string? UnknownKeyHint => " (this version supports metrics.include and metrics.exclude only)";

    public override FilterOptions CreateDefault() => new();

    protected override FilterOptions Read(YamlMappingReader section, FilterOptions defaults)
    {
        if (section.GetMapping("metrics") is not { } metrics)
        {
            return defaults;
        }
        foreach (var ottl in new[] { "metric", "datapoint" })
        {
            if (metrics.Has(ottl))
            {
                throw metrics.ErrorAt(ottl, $"{metrics.Qualified(ottl)}: OTTL conditions are not supported (use metrics.include / metrics.exclude)");
            }
        }
        var options = defaults with { Include = ReadNames(metrics, "include"), Exclude = ReadNames(metrics, "exclude") };
        metrics.RejectUnknownKeys();
        return options;
    }

    protected override IMetricsProcessor Create(FilterOptions options, ProcessorServices services) => new FilterProcessor(options);

    private static MetricNameFilter? ReadNames(YamlMappingReader metrics, string key)
    {
        if (metrics.GetMapping(key) is not { } mapping)
        {
            return null;
        }
        var matchType = MetricMatchTypes.Read(mapping, "match_type")
            ?? throw metrics.ErrorAt(key, $"{mapping.Qualified("match_type")} is required (strict or regexp)");
        var names = mapping.GetStringList("metric_names");
        mapping.RejectUnknownKeys(" (this version supports match_type and metric_names only)");
        return new MetricNameFilter(matchType, names);
    }
}
