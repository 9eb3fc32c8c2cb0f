using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Which Kubernetes labels and annotations discovery keeps, by the <c>__meta_*</c> label names they would become.
/// A job's relabel rules can reference only some of them (their <c>source_labels</c> and <c>labelmap</c> regexes); the
/// others need not be held in memory. <see cref="All"/> keeps everything (Prometheus's behaviour).
/// </summary>
public sealed class MetadataFilter
{
    private readonly Func<string, bool> _keep;

    /// <param name="key">Identifies the filter: watches are shared only between discoverers with the same key.</param>
    /// <param name="keep">True for a <c>__meta_*</c> name (e.g. <c>__meta_kubernetes_pod_label_app</c>) that must be kept.</param>
    public MetadataFilter(string key, Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(keep);
        Key = key;
        _keep = keep;
    }

    public static MetadataFilter All { get; } = new("all", _ => true);

    /// <summary>
    /// Keeps the names relabel rules can read: every <c>source_labels</c> and <c>target_label</c> entry (a target label
    /// keeps its discovered value when the rule's regex does not match) and every name a <c>labelmap</c> regex matches.
    /// Pass the rules of all jobs that share a pool to keep their watches shared (the key is the same for all).
    /// Only Kubernetes labels, annotations and topology are filtered; fixed labels such as pod name and IP always stay.
    /// </summary>
    public static MetadataFilter FromRelabelConfigs(IEnumerable<RelabelConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var maps = new List<RelabelRegex>();
        foreach (var config in configs)
        {
            names.UnionWith(config.SourceLabels);
            if (config.TargetLabel.Length > 0)
            {
                names.Add(config.TargetLabel);
            }
            if (config.Action == RelabelAction.LabelMap && !maps.Contains(config.Regex))
            {
                maps.Add(config.Regex);
            }
        }
        var key = "relabel:" + string.Join(',', names.Order(StringComparer.Ordinal)) + "|" + string.Join(',', maps.Select(m => m.Pattern).Order(StringComparer.Ordinal));
        return new MetadataFilter(key, name => names.Contains(name) || maps.Exists(m => m.IsMatch(name)));
    }

    public string Key { get; }

    /// <summary>
    /// True when a label or annotation with sanitized name <paramref name="sanitized"/> is needed: the value label
    /// (<paramref name="prefix"/> + name) or the presence label (<paramref name="presentPrefix"/> + name) is kept.
    /// </summary>
    public bool Keeps(string prefix, string presentPrefix, string sanitized) =>
        ReferenceEquals(this, All) || _keep(prefix + sanitized) || _keep(presentPrefix + sanitized);
}
