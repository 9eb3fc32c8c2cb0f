using OrleansScrape.Configuration;

namespace OrleansScrape.Processing.MetricStartTime;

/// <summary><c>metric_start_time</c> (formerly <c>metricstarttime</c>): keys in README.md.</summary>
public sealed class MetricStartTimeFactory : ProcessorFactory<MetricStartTimeOptions>
{
    public override string Type => "metric_start_time";

    public override IReadOnlyList<string> Aliases => ["metricstarttime"];

    public override MetricStartTimeOptions CreateDefault() => new();

    protected override MetricStartTimeOptions Read(YamlMappingReader section, MetricStartTimeOptions defaults)
    {
        var strategy = section.GetString("strategy");
        return defaults with
        {
            Strategy = strategy switch
            {
                null => defaults.Strategy,
                "true_reset_point" => StartTimeStrategy.TrueResetPoint,
                "subtract_initial_point" => StartTimeStrategy.SubtractInitialPoint,
                "start_time_metric" => StartTimeStrategy.StartTimeMetric,
                _ => throw section.ErrorAt("strategy",
                    $"{section.Qualified("strategy")} \"{strategy}\" must be true_reset_point, subtract_initial_point or start_time_metric"),
            },
            GcInterval = GoDuration.Read(section, "gc_interval") ?? defaults.GcInterval,
            StartTimeMetricRegex = section.GetString("start_time_metric_regex"),
        };
    }

    protected override IMetricsProcessor Create(MetricStartTimeOptions options, ProcessorServices services) =>
        new MetricStartTimeProcessor(options);
}
