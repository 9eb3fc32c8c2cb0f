using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>
/// The scrape config of a ScrapeConfig resource, as the Prometheus Operator generates it: job
/// <c>scrapeConfig/ns/name</c>, the resource's discoveries and settings as they are, the
/// <c>job</c> label set to <c>jobName</c> when given, then the resource's own relabelings.
/// </summary>
public static class ScrapeConfigResourceTranslator
{
    public static async Task<ScrapeConfig> TranslateAsync(ScrapeConfigResource resource, CrTranslationContext context, CancellationToken cancellationToken)
    {
        var metadata = resource.Metadata;
        var (interval, timeout) = JobSettings.Timing(resource.ScrapeInterval, resource.ScrapeTimeout, context.Settings);
        var rules = new List<RelabelConfig> { OperatorRelabelings.KeepJobName() };
        if (resource.JobName is { } jobName)
        {
            rules.Add(OperatorRelabelings.Set("job", jobName));
        }
        rules.AddRange(resource.Relabelings);
        var job = new ScrapeConfig
        {
            JobName = $"scrapeConfig/{metadata.Namespace}/{metadata.Name}",
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            MetricsPath = string.IsNullOrEmpty(resource.MetricsPath) ? "/metrics" : resource.MetricsPath,
            Scheme = JobSettings.Scheme(resource.Scheme),
            HonorLabels = resource.HonorLabels ?? false,
            HonorTimestamps = resource.HonorTimestamps ?? true,
            Params = resource.Params,
            HttpClient = await HttpSettingsResolver.ResolveAsync(resource.Http, metadata.Namespace, context, cancellationToken).ConfigureAwait(false),
            StaticConfigs = resource.StaticConfigs,
            ServiceDiscoveryConfigs =
            [
                .. resource.FileSdConfigs.Select(FileSdKind.Instance.Entry),
                .. resource.HttpSdConfigs.Select(HttpSdKind.Instance.Entry),
                .. resource.KubernetesSdConfigs.Select(KubernetesSdKind.Instance.Entry),
            ],
            RelabelConfigs = rules,
            MetricRelabelConfigs = resource.MetricRelabelings,
        };
        return JobSettings.WithLimits(job, resource.Limits, context.Settings);
    }
}
