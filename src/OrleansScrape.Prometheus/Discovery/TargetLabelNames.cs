namespace OrleansScrape.Prometheus.Discovery;

/// <summary>The reserved labels through which discovery and relabeling steer a scrape.</summary>
public static class TargetLabelNames
{
    public const string Address = "__address__";
    public const string Scheme = "__scheme__";
    public const string MetricsPath = "__metrics_path__";
    public const string ScrapeInterval = "__scrape_interval__";
    public const string ScrapeTimeout = "__scrape_timeout__";
    public const string ParamPrefix = "__param_";
    public const string ReservedPrefix = "__";
    public const string Job = "job";
    public const string Instance = "instance";
}
