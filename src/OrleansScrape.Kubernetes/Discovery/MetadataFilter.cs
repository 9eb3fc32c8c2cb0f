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

    public string Key { get; }

    /// <summary>
    /// True when a label or annotation with sanitized name <paramref name="sanitized"/> is needed: the value label
    /// (<paramref name="prefix"/> + name) or the presence label (<paramref name="presentPrefix"/> + name) is kept.
    /// </summary>
    public bool Keeps(string prefix, string presentPrefix, string sanitized) =>
        ReferenceEquals(this, All) || _keep(prefix + sanitized) || _keep(presentPrefix + sanitized);
}
