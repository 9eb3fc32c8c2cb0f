using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Turns a discovered label set into a scrape target as Prometheus does: the job's defaults fill
/// <c>job</c>, <c>__scheme__</c>, <c>__metrics_path__</c>, <c>__scrape_interval__</c>,
/// <c>__scrape_timeout__</c> and <c>__param_*</c>; <c>relabel_configs</c> run; a dropped or empty
/// set is no target; <c>instance</c> defaults to <c>__address__</c>; the remaining <c>__</c> labels
/// steer the scrape and are removed from the target's labels.
/// </summary>
public sealed class TargetBuilder
{
    private readonly ScrapeConfig _job;
    private readonly Relabeler _relabeler;

    public TargetBuilder(ScrapeConfig job)
    {
        _job = job;
        _relabeler = new Relabeler(job.RelabelConfigs);
    }

    /// <summary>Every target of the groups, keyed by target identity; dropped targets are counted.</summary>
    public TargetSet Build(IEnumerable<TargetGroup> groups)
    {
        var targets = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        var dropped = 0;
        var errors = new List<string>();
        foreach (var group in groups)
        {
            foreach (var discovered in group.Targets)
            {
                var result = Build(group.Labels, discovered);
                if (result.Target is { } target)
                {
                    // Prometheus scrapes a target once even when several groups discover it.
                    targets.TryAdd(target.Key, target);
                }
                else if (result.Error is { } error)
                {
                    errors.Add($"{group.Source}: {error}");
                }
                else
                {
                    dropped++;
                }
            }
        }
        return new TargetSet(targets.Values.ToList(), dropped, errors);
    }

    public TargetBuildResult Build(IReadOnlyDictionary<string, string> groupLabels, IReadOnlyDictionary<string, string> targetLabels)
    {
        var labels = new LabelsBuilder();
        foreach (var (name, value) in groupLabels)
        {
            labels.Set(name, value);
        }
        foreach (var (name, value) in targetLabels)
        {
            labels.Set(name, value);
        }
        SetDefault(labels, TargetLabelNames.Job, _job.JobName);
        SetDefault(labels, TargetLabelNames.ScrapeInterval, PrometheusDuration.Format(_job.ScrapeInterval));
        SetDefault(labels, TargetLabelNames.ScrapeTimeout, PrometheusDuration.Format(_job.ScrapeTimeout));
        SetDefault(labels, TargetLabelNames.MetricsPath, _job.MetricsPath);
        SetDefault(labels, TargetLabelNames.Scheme, _job.Scheme);
        foreach (var (name, values) in _job.Params)
        {
            if (values.Length > 0)
            {
                SetDefault(labels, TargetLabelNames.ParamPrefix + name, values[0]);
            }
        }
        var discoveredLabels = labels.ToArray();

        // Only a keep/drop rule drops a target; a set that relabeling merely emptied has no address (an error), as in Prometheus.
        if (!_relabeler.Process(labels))
        {
            return default;
        }

        var address = labels.Get(TargetLabelNames.Address);
        if (address.Length == 0)
        {
            return new TargetBuildResult(null, "no address");
        }
        if (address.Contains('/'))
        {
            return new TargetBuildResult(null, $"\"{address}\" is not a valid hostname");
        }
        var scheme = labels.Get(TargetLabelNames.Scheme);
        if (scheme is not ("http" or "https"))
        {
            return new TargetBuildResult(null, $"invalid scheme \"{scheme}\"");
        }
        // Prometheus's messages (scrape.PopulateLabels, model.ParseDuration).
        var intervalText = labels.Get(TargetLabelNames.ScrapeInterval);
        if (!PrometheusDuration.TryParse(intervalText, out var interval))
        {
            return new TargetBuildResult(null, $"error parsing scrape interval: {DurationError(intervalText)}");
        }
        if (interval == TimeSpan.Zero)
        {
            return new TargetBuildResult(null, "scrape interval cannot be 0");
        }
        var timeoutText = labels.Get(TargetLabelNames.ScrapeTimeout);
        if (!PrometheusDuration.TryParse(timeoutText, out var timeout))
        {
            return new TargetBuildResult(null, $"error parsing scrape timeout: {DurationError(timeoutText)}");
        }
        if (timeout == TimeSpan.Zero)
        {
            return new TargetBuildResult(null, "scrape timeout cannot be 0");
        }
        if (timeout > interval)
        {
            return new TargetBuildResult(null, $"scrape timeout cannot be greater than scrape interval (\"{timeoutText}\" > \"{intervalText}\")");
        }

        var parameters = new Dictionary<string, string[]>(_job.Params, StringComparer.Ordinal);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var instance = address;
        var job = _job.JobName;
        foreach (var label in labels.ToArray())
        {
            if (label.Name.StartsWith(TargetLabelNames.ParamPrefix, StringComparison.Ordinal))
            {
                // Relabeling may set a query parameter; it replaces the first value of the configured one.
                var name = label.Name[TargetLabelNames.ParamPrefix.Length..];
                parameters[name] = parameters.TryGetValue(name, out var existing) && existing.Length > 1
                    ? [label.Value, .. existing[1..]]
                    : [label.Value];
            }
            else if (label.Name.StartsWith(TargetLabelNames.ReservedPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            else if (label.Name == TargetLabelNames.Instance)
            {
                instance = label.Value;
            }
            else if (label.Name == TargetLabelNames.Job)
            {
                job = label.Value;
            }
            else
            {
                kept[label.Name] = label.Value;
            }
        }

        return new TargetBuildResult(new ScrapeTarget
        {
            Job = job,
            Instance = instance,
            Scheme = scheme,
            Address = address,
            MetricsPath = labels.Get(TargetLabelNames.MetricsPath),
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            HonorTimestamps = _job.HonorTimestamps,
            Labels = kept,
            Params = parameters,
            ScrapeConfigName = _job.JobName,
            DiscoveredLabels = discoveredLabels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal),
        }, null);
    }

    private static string DurationError(string text) =>
        text.Length == 0 ? "empty duration string" : $"not a valid duration string: \"{text}\"";

    private static void SetDefault(LabelsBuilder labels, string name, string value)
    {
        if (labels.Get(name).Length == 0)
        {
            labels.Set(name, value);
        }
    }
}
