using OrleansScrape.Configuration;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>The scrape timing and limits of a generated job, with Prometheus's defaults and checks.</summary>
internal static class JobSettings
{
    // Prometheus's global scrape_timeout when the generated config sets none.
    private static readonly TimeSpan DefaultGlobalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The job's interval and timeout. The generated config's global interval is
    /// <c>prometheus_cr.scrape_interval</c> and it sets no global timeout, so Prometheus's rules give
    /// a timeout of 10s, or the interval when that is shorter.
    /// </summary>
    public static (TimeSpan Interval, TimeSpan Timeout) Timing(TimeSpan? interval, TimeSpan? timeout, PrometheusCrSettings settings)
    {
        var globalTimeout = settings.ScrapeInterval < DefaultGlobalTimeout ? settings.ScrapeInterval : DefaultGlobalTimeout;
        var jobInterval = interval ?? settings.ScrapeInterval;
        if (jobInterval <= TimeSpan.Zero)
        {
            throw new CustomResourceException("the scrape interval must be greater than 0");
        }
        var jobTimeout = timeout ?? (globalTimeout > jobInterval ? jobInterval : globalTimeout);
        if (jobTimeout > jobInterval)
        {
            throw new CustomResourceException(
                $"scrapeTimeout \"{PrometheusDuration.Format(jobTimeout)}\" is greater than the scrape interval \"{PrometheusDuration.Format(jobInterval)}\"");
        }
        return (jobInterval, jobTimeout);
    }

    /// <summary>The job's scheme: http unless set, and only http or https.</summary>
    public static string Scheme(string? scheme) => scheme switch
    {
        null => "http",
        "http" or "https" => scheme,
        _ => throw new CustomResourceException($"scheme \"{scheme}\" must be http or https"),
    };

    /// <summary>Applies a resource's limits to a job; <c>targetLimit</c> is refused because OrleansScrape does not enforce it.</summary>
    public static ScrapeConfig WithLimits(ScrapeConfig job, ScrapeLimits limits, PrometheusCrSettings settings)
    {
        if (limits.TargetLimit is > 0)
        {
            throw new CustomResourceException("targetLimit is not supported by OrleansScrape; remove it (sampleLimit is supported)");
        }
        var protocols = limits.ScrapeProtocols.Count > 0 ? limits.ScrapeProtocols : settings.ScrapeProtocols;
        if (!ScrapeProtocols.TryValidate(protocols, out var protocolError))
        {
            throw new CustomResourceException($"scrapeProtocols: {protocolError}");
        }
        return job with
        {
            SampleLimit = Limit(limits.SampleLimit, "sampleLimit"),
            LabelLimit = Limit(limits.LabelLimit, "labelLimit"),
            LabelNameLengthLimit = Limit(limits.LabelNameLengthLimit, "labelNameLengthLimit"),
            LabelValueLengthLimit = Limit(limits.LabelValueLengthLimit, "labelValueLengthLimit"),
            BodySizeLimit = limits.BodySizeLimit ?? 0,
            ScrapeProtocols = protocols,
        };
    }

    private static int Limit(ulong? value, string field) => value switch
    {
        null => 0,
        <= int.MaxValue => (int)value.Value,
        _ => throw new CustomResourceException($"{field} {value} is larger than the largest supported limit {int.MaxValue}"),
    };
}
