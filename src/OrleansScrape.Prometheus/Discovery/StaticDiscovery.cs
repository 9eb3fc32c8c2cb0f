using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>Turns the <c>static_configs</c> of every job into targets.</summary>
public static class StaticDiscovery
{
    public static IReadOnlyList<ScrapeTarget> Targets(PrometheusConfig config)
    {
        var targets = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        foreach (var job in config.ScrapeConfigs)
        {
            foreach (var group in job.StaticConfigs)
            {
                foreach (var address in group.Targets)
                {
                    var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                    string? instance = null;
                    foreach (var (name, value) in group.Labels)
                    {
                        // Prometheus: a static "instance" label replaces the address as instance; "job" cannot be overridden here.
                        if (name == "instance")
                        {
                            instance = value;
                        }
                        else if (name != "job" && !name.StartsWith("__", StringComparison.Ordinal) && value.Length > 0)
                        {
                            labels[name] = value;
                        }
                    }
                    var target = new ScrapeTarget
                    {
                        Job = job.JobName,
                        Instance = instance ?? address,
                        Scheme = job.Scheme,
                        Address = address,
                        MetricsPath = job.MetricsPath,
                        ScrapeInterval = job.ScrapeInterval,
                        ScrapeTimeout = job.ScrapeTimeout,
                        HonorTimestamps = job.HonorTimestamps,
                        Labels = labels,
                        Params = job.Params,
                    };
                    // Prometheus drops duplicate targets of a job.
                    targets.TryAdd(target.Key, target);
                }
            }
        }
        return targets.Values.ToList();
    }
}
