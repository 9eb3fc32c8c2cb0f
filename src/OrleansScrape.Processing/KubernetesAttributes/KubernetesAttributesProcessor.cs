using System.Text.RegularExpressions;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;
using OrleansScrape.Processing.Matching;
using static OrleansScrape.Processing.KubernetesAttributes.KubernetesAttributeNames;

namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>
/// Adds Kubernetes metadata of the pod a resource comes from, as the Collector's
/// <c>k8sattributes</c> processor does: the first <c>pod_association</c> rule whose sources all have
/// a value picks the pod; the chosen metadata, labels and annotations are added; an attribute the
/// resource already has with a non-empty value is kept. Stateless; only the resource changes, the
/// batch's points are shared with the output.
/// </summary>
public sealed class KubernetesAttributesProcessor : IMetricsProcessor
{
    private readonly KubernetesAttributesOptions _options;
    private readonly IPodMetadataSource _pods;
    private readonly HashSet<string> _metadata;
    private readonly CompiledRule[] _labels;
    private readonly CompiledRule[] _annotations;
    private readonly List<Attribute> _scratch = new();
    // Set when a resource's empty value was filled in: the count alone does not show that change.
    private bool _replaced;

    public KubernetesAttributesProcessor(KubernetesAttributesOptions options, IPodMetadataSource pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _options = options;
        _pods = pods;
        _metadata = new HashSet<string>(options.Metadata, StringComparer.Ordinal);
        _labels = options.Labels.Select(r => CompiledRule.Create(r, "labels")).ToArray();
        _annotations = options.Annotations.Select(r => CompiledRule.Create(r, "annotations")).ToArray();
    }

    public string Name => "k8sattributes";

    public int TrackedSeries => 0;

    public MetricBatch Process(MetricBatch batch)
    {
        // Passthrough would only add the sender's IP, which OTLP batches here do not carry.
        if (_options.Passthrough || FindPod(batch.ResourceAttributes) is not { } pod || !Allowed(pod))
        {
            return batch;
        }
        var attributes = _scratch;
        attributes.Clear();
        attributes.AddRange(batch.ResourceAttributes);
        var before = attributes.Count;
        AddMetadata(attributes, pod);
        AddFields(attributes, pod.Labels, _labels, ExtractFrom.Pod);
        AddFields(attributes, pod.Annotations, _annotations, ExtractFrom.Pod);
        if (_labels.Any(r => r.From == ExtractFrom.Namespace) || _annotations.Any(r => r.From == ExtractFrom.Namespace))
        {
            if (_pods.FindNamespace(pod.Namespace) is { } ns)
            {
                AddFields(attributes, ns.Labels, _labels, ExtractFrom.Namespace);
                AddFields(attributes, ns.Annotations, _annotations, ExtractFrom.Namespace);
            }
        }
        var changed = attributes.Count != before || _replaced;
        _replaced = false;
        if (!changed)
        {
            return batch;
        }
        return batch.WithResourceAttributes(attributes.ToArray());
    }

    /// <summary>The pod of the first association rule whose sources all have a value, or null.</summary>
    internal PodMetadata? FindPod(ReadOnlySpan<Attribute> resource)
    {
        foreach (var rule in _options.PodAssociation)
        {
            string? uid = null, ip = null, name = null, ns = null;
            var complete = true;
            foreach (var source in rule.Sources)
            {
                var value = source.Kind == AssociationSourceKind.ResourceAttribute ? Find(resource, source.Name) : null;
                if (string.IsNullOrEmpty(value))
                {
                    complete = false;
                    break;
                }
                switch (source.Name)
                {
                    case PodUid: uid = value; break;
                    case PodName: name = value; break;
                    case NamespaceName: ns = value; break;
                    // Any other attribute (k8s.pod.ip, server.address, host.name ...) holds a pod IP, as upstream treats it.
                    default: ip = value; break;
                }
            }
            if (!complete)
            {
                continue;
            }
            // Upstream uses the first rule that yields an identifier, found or not.
            var pod = uid is not null ? _pods.FindByUid(uid)
                : name is not null && ns is not null ? _pods.FindByName(ns, name)
                : ip is not null ? _pods.FindByIp(ip)
                : null;
            if (pod is null
                || (uid is not null && pod.Uid != uid)
                || (ip is not null && pod.Ip != ip)
                || (ns is not null && pod.Namespace != ns)
                || (name is not null && pod.Name != name))
            {
                return null;
            }
            return pod;
        }
        return null;
    }

    private bool Allowed(PodMetadata pod) =>
        (_options.FilterNamespace is not { Length: > 0 } ns || pod.Namespace == ns)
        && (_options.FilterNode is not { Length: > 0 } node || pod.NodeName == node);

    private void AddMetadata(List<Attribute> attributes, PodMetadata pod)
    {
        Put(attributes, PodName, pod.Name);
        Put(attributes, PodUid, pod.Uid);
        Put(attributes, PodIp, pod.Ip);
        Put(attributes, NamespaceName, pod.Namespace);
        Put(attributes, NodeName, pod.NodeName);
        Put(attributes, PodStartTime, pod.StartTimeText());
        Put(attributes, ClusterUid, _pods.ClusterUid);
        if (pod.Containers.Length == 1)
        {
            Put(attributes, ContainerName, pod.Containers[0]);
        }
        switch (pod.OwnerKind)
        {
            case "ReplicaSet":
                Put(attributes, ReplicaSetName, pod.OwnerName);
                Put(attributes, ReplicaSetUid, pod.OwnerUid);
                Put(attributes, DeploymentName, pod.DeploymentName());
                break;
            case "StatefulSet":
                Put(attributes, StatefulSetName, pod.OwnerName);
                Put(attributes, StatefulSetUid, pod.OwnerUid);
                break;
            case "DaemonSet":
                Put(attributes, DaemonSetName, pod.OwnerName);
                Put(attributes, DaemonSetUid, pod.OwnerUid);
                break;
            case "Job":
                Put(attributes, JobName, pod.OwnerName);
                Put(attributes, JobUid, pod.OwnerUid);
                Put(attributes, CronJobName, pod.CronJobName());
                break;
        }
    }

    private void Put(List<Attribute> attributes, string key, string? value)
    {
        if (_metadata.Contains(key))
        {
            PutField(attributes, key, value);
        }
    }

    private void PutField(List<Attribute> attributes, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Key == key)
            {
                // The resource's own non-empty value wins, as upstream.
                if (attributes[i].Value.Length == 0)
                {
                    attributes[i] = new Attribute(key, value);
                    _replaced = true;
                }
                return;
            }
        }
        attributes.Add(new Attribute(key, value));
    }

    private void AddFields(List<Attribute> attributes, KeyValuePair<string, string>[] fields, CompiledRule[] rules, ExtractFrom from)
    {
        foreach (var rule in rules)
        {
            if (rule.From != from)
            {
                continue;
            }
            if (rule.Key is { } key)
            {
                PutField(attributes, rule.TagName ?? rule.DefaultTag(from, key), PodMetadata.Find(fields, key));
                continue;
            }
            foreach (var (fieldKey, value) in fields)
            {
                var match = rule.Pattern!.Match(fieldKey);
                if (match.Success)
                {
                    PutField(attributes, rule.TagName is { } tag ? match.Result(tag) : rule.DefaultTag(from, fieldKey), value);
                }
            }
        }
    }

    private static string? Find(ReadOnlySpan<Attribute> attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value;
            }
        }
        return null;
    }

    private sealed record CompiledRule(string? TagName, string? Key, Regex? Pattern, ExtractFrom From, string Kind)
    {
        public static CompiledRule Create(FieldExtractionRule rule, string kind) => new(
            string.IsNullOrEmpty(rule.TagName) ? null : rule.TagName,
            rule.Key,
            rule.KeyRegex is { } pattern ? MetricNameMatcher.Compile($"^(?:{pattern})$") : null,
            rule.From,
            kind);

        /// <summary>Upstream's tag when none is given: <c>k8s.pod.labels.&lt;key&gt;</c> and the like.</summary>
        public string DefaultTag(ExtractFrom from, string key) =>
            $"k8s.{(from == ExtractFrom.Pod ? "pod" : "namespace")}.{Kind}.{key}";
    }
}
