using System.Globalization;

namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>
/// What the gateway knows of one pod: identity, placement, its controlling owner, labels,
/// annotations and container names. Labels and annotations are kept as arrays, not dictionaries,
/// because a cluster holds many pods and each has only a handful of them.
/// </summary>
public sealed record PodMetadata
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public string Uid { get; init; } = "";
    public string NodeName { get; init; } = "";
    public string Ip { get; init; } = "";
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>Kind of the controlling owner reference (ReplicaSet, StatefulSet, DaemonSet, Job ...), or empty.</summary>
    public string OwnerKind { get; init; } = "";
    public string OwnerName { get; init; } = "";
    public string OwnerUid { get; init; } = "";
    public KeyValuePair<string, string>[] Labels { get; init; } = [];
    public KeyValuePair<string, string>[] Annotations { get; init; } = [];
    public string[] Containers { get; init; } = [];

    private const string PodLabelPrefix = "__meta_kubernetes_pod_label_";
    private const string PodAnnotationPrefix = "__meta_kubernetes_pod_annotation_";

    /// <summary>
    /// Pod metadata from the discovered labels of a pod-role or endpoints/endpointslice-role target
    /// (<c>__meta_kubernetes_pod_*</c>). Returns null when the labels name no pod. Discovery turns
    /// label and annotation names into label names (every invalid character becomes <c>_</c>),
    /// so the keys read back here are those sanitized names.
    /// </summary>
    public static PodMetadata? FromDiscoveredLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!labels.TryGetValue("__meta_kubernetes_pod_name", out var name) || name.Length == 0)
        {
            return null;
        }
        var podLabels = new List<KeyValuePair<string, string>>();
        var annotations = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(PodLabelPrefix, StringComparison.Ordinal))
            {
                podLabels.Add(new(key[PodLabelPrefix.Length..], value));
            }
            else if (key.StartsWith(PodAnnotationPrefix, StringComparison.Ordinal))
            {
                annotations.Add(new(key[PodAnnotationPrefix.Length..], value));
            }
        }
        var container = Get(labels, "__meta_kubernetes_pod_container_name");
        return new PodMetadata
        {
            Name = name,
            Namespace = Get(labels, "__meta_kubernetes_namespace"),
            Uid = Get(labels, "__meta_kubernetes_pod_uid"),
            NodeName = FirstOf(labels, "__meta_kubernetes_pod_node_name", "__meta_kubernetes_endpoint_node_name", "__meta_kubernetes_endpointslice_endpoint_node_name"),
            Ip = Get(labels, "__meta_kubernetes_pod_ip"),
            OwnerKind = Get(labels, "__meta_kubernetes_pod_controller_kind"),
            OwnerName = Get(labels, "__meta_kubernetes_pod_controller_name"),
            Labels = podLabels.ToArray(),
            Annotations = annotations.ToArray(),
            Containers = container.Length > 0 ? [container] : [],
        };
    }

    /// <summary>
    /// The Deployment that owns the pod's ReplicaSet: the ReplicaSet's name less its
    /// <c>-&lt;pod-template-hash&gt;</c> suffix (the hash label when the pod has it), or null.
    /// </summary>
    public string? DeploymentName()
    {
        if (OwnerKind != "ReplicaSet" || OwnerName.Length == 0)
        {
            return null;
        }
        var hash = Label("pod-template-hash") ?? Label("pod_template_hash");
        if (hash is { Length: > 0 } && OwnerName.EndsWith("-" + hash, StringComparison.Ordinal))
        {
            return OwnerName[..^(hash.Length + 1)];
        }
        var dash = OwnerName.LastIndexOf('-');
        return dash > 0 && OwnerName.AsSpan(dash + 1).IndexOfAnyExcept(AlphaNumerics) < 0 ? OwnerName[..dash] : null;
    }

    /// <summary>The CronJob that owns the pod's Job (named <c>&lt;cronjob&gt;-&lt;digits&gt;</c>), or null.</summary>
    public string? CronJobName()
    {
        if (OwnerKind != "Job" || OwnerName.Length == 0)
        {
            return null;
        }
        var dash = OwnerName.LastIndexOf('-');
        if (dash <= 0 || dash == OwnerName.Length - 1)
        {
            return null;
        }
        return OwnerName.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? OwnerName[..dash] : null;
    }

    public string? Label(string key) => Find(Labels, key);

    public string? Annotation(string key) => Find(Annotations, key);

    /// <summary>The start time as RFC 3339 text, the way the Collector writes <c>k8s.pod.start_time</c>.</summary>
    public string? StartTimeText() =>
        StartTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string? Find(KeyValuePair<string, string>[] pairs, string key)
    {
        foreach (var pair in pairs)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> AlphaNumerics =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static string FirstOf(IReadOnlyDictionary<string, string> labels, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (Get(labels, key) is { Length: > 0 } value)
            {
                return value;
            }
        }
        return "";
    }

    private static string Get(IReadOnlyDictionary<string, string> labels, string key) =>
        labels.TryGetValue(key, out var value) ? value : "";
}
