using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>What ServiceMonitor and PodMonitor endpoints share: one job per endpoint, built from the endpoint's scrape settings.</summary>
internal static class MonitorEndpointJobs
{
    /// <summary>Translates every endpoint; an error names the endpoint's index under <paramref name="field"/>.</summary>
    public static async Task<IReadOnlyList<ScrapeConfig>> TranslateAllAsync(int count, string field, Func<int, Task<ScrapeConfig>> translate)
    {
        var jobs = new List<ScrapeConfig>(count);
        for (var i = 0; i < count; i++)
        {
            try
            {
                jobs.Add(await translate(i).ConfigureAwait(false));
            }
            catch (CustomResourceException e)
            {
                throw new CustomResourceException($"{field}[{i}]: {e.Message}");
            }
        }
        return jobs;
    }

    public static async Task<ScrapeConfig> BuildAsync(
        ResourceMetadata metadata,
        string jobName,
        MonitorEndpoint endpoint,
        KubernetesSdConfig discovery,
        IReadOnlyList<RelabelConfig> relabelings,
        ScrapeLimits limits,
        CrTranslationContext context,
        CancellationToken cancellationToken)
    {
        var (interval, timeout) = JobSettings.Timing(endpoint.Interval, endpoint.ScrapeTimeout, context.Settings);
        var job = new ScrapeConfig
        {
            JobName = jobName,
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            MetricsPath = endpoint.Path ?? "/metrics",
            Scheme = JobSettings.Scheme(endpoint.Scheme),
            HonorLabels = endpoint.HonorLabels,
            HonorTimestamps = endpoint.HonorTimestamps ?? true,
            Params = endpoint.Params,
            HttpClient = await HttpSettingsResolver.ResolveAsync(endpoint.Http, metadata.Namespace, context, cancellationToken).ConfigureAwait(false),
            ServiceDiscoveryConfigs = [KubernetesSdKind.Instance.Entry(discovery)],
            RelabelConfigs = relabelings,
            MetricRelabelConfigs = endpoint.MetricRelabelings,
        };
        return JobSettings.WithLimits(job, limits, context.Settings);
    }
}
