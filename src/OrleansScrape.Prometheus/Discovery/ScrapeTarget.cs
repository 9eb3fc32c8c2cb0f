namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// One target as discovery resolved it: where to scrape, how often, and the target labels
/// that every scraped series carries. Immutable; equal targets mean nothing changed.
/// </summary>
public sealed record ScrapeTarget
{
    public required string Job { get; init; }
    /// <summary>The <c>instance</c> label: the target's <c>__address__</c> unless relabeling set it.</summary>
    public required string Instance { get; init; }
    public required string Scheme { get; init; }
    public required string Address { get; init; }
    public required string MetricsPath { get; init; }
    public required TimeSpan ScrapeInterval { get; init; }
    public required TimeSpan ScrapeTimeout { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    /// <summary>Target labels other than job and instance, attached to every scraped series.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Query parameters of the scrape URL (<c>params</c> in the scrape config).</summary>
    public IReadOnlyDictionary<string, string[]> Params { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The <c>job_name</c> of the scrape config this target belongs to (relabeling may change the <c>job</c> label).</summary>
    public string ScrapeConfigName { get; init; } = "";
    /// <summary>
    /// Identifies the content of a scrape config that is not in the silos' configuration file (one
    /// generated from a Kubernetes custom resource): a scraper fetches that config once per version.
    /// Empty for jobs of the configuration file.
    /// </summary>
    public string ScrapeConfigVersion { get; init; } = "";
    /// <summary>The labels as discovered, before relabeling (what the Target Allocator API shows).</summary>
    public IReadOnlyDictionary<string, string> DiscoveredLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>The target's identity: its scrape config and scrape URL (two jobs may scrape one URL).</summary>
    public string Key => $"{(ScrapeConfigName.Length > 0 ? ScrapeConfigName : Job)}|{ScrapeUrl}";

    public Uri ScrapeUrl
    {
        get
        {
            var builder = new UriBuilder($"{Scheme}://{Address}{MetricsPath}");
            if (Params.Count > 0)
            {
                builder.Query = string.Join('&', Params.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v)}")));
            }
            return builder.Uri;
        }
    }

    public bool Equals(ScrapeTarget? other) =>
        other is not null
        && Job == other.Job && Instance == other.Instance && Scheme == other.Scheme && Address == other.Address
        && MetricsPath == other.MetricsPath && ScrapeInterval == other.ScrapeInterval && ScrapeTimeout == other.ScrapeTimeout
        && HonorTimestamps == other.HonorTimestamps && ScrapeConfigName == other.ScrapeConfigName
        && ScrapeConfigVersion == other.ScrapeConfigVersion
        && Labels.Count == other.Labels.Count && Labels.All(l => other.Labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && Params.Count == other.Params.Count && Params.All(p => other.Params.TryGetValue(p.Key, out var v) && v.SequenceEqual(p.Value));

    public override int GetHashCode() => HashCode.Combine(Job, Instance, Scheme, Address, MetricsPath, ScrapeInterval);
}
