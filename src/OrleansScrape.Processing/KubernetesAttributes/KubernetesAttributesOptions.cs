using OrleansScrape.Configuration;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>
/// Settings of the <c>k8sattributes</c> processor, in the Collector's shape: which metadata to add
/// (<c>extract</c>), how a resource finds its pod (<c>pod_association</c>), <c>passthrough</c> and a
/// namespace/node <c>filter</c>.
/// </summary>
public sealed record KubernetesAttributesOptions : IValidatedOptions
{
    /// <summary>The Collector's default <c>extract.metadata</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultMetadata =
    [
        KubernetesAttributeNames.NamespaceName, KubernetesAttributeNames.PodName, KubernetesAttributeNames.PodUid,
        KubernetesAttributeNames.PodStartTime, KubernetesAttributeNames.DeploymentName, KubernetesAttributeNames.NodeName,
    ];

    /// <summary>The Collector's default association: pod IP, then pod uid, then the connection.</summary>
    public static readonly IReadOnlyList<PodAssociationRule> DefaultAssociation =
    [
        new([new PodAssociationSource(AssociationSourceKind.ResourceAttribute, KubernetesAttributeNames.PodIp)]),
        new([new PodAssociationSource(AssociationSourceKind.ResourceAttribute, KubernetesAttributeNames.PodUid)]),
        new([new PodAssociationSource(AssociationSourceKind.Connection, "")]),
    ];

    public bool Passthrough { get; init; }

    public IReadOnlyList<string> Metadata { get; init; } = DefaultMetadata;

    public IReadOnlyList<FieldExtractionRule> Labels { get; init; } = [];

    public IReadOnlyList<FieldExtractionRule> Annotations { get; init; } = [];

    public IReadOnlyList<PodAssociationRule> PodAssociation { get; init; } = DefaultAssociation;

    /// <summary>Only pods of this namespace are used for enrichment (<c>filter.namespace</c>).</summary>
    public string? FilterNamespace { get; init; }

    /// <summary>Only pods on this node are used for enrichment (<c>filter.node</c> or <c>filter.node_from_env_var</c>).</summary>
    public string? FilterNode { get; init; }

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        foreach (var name in Metadata)
        {
            if (!KubernetesAttributeNames.Supported.Contains(name))
            {
                problems.Add(new("extract.metadata", $"\"{name}\" is not supported (supported: {string.Join(", ", KubernetesAttributeNames.Supported.Order(StringComparer.Ordinal))})"));
            }
        }
        ValidateRules("extract.labels", Labels, problems);
        ValidateRules("extract.annotations", Annotations, problems);
        var usable = false;
        for (var i = 0; i < PodAssociation.Count; i++)
        {
            var sources = PodAssociation[i].Sources;
            if (sources.Count == 0)
            {
                problems.Add(new($"pod_association[{i}].sources", "must name at least one source"));
                continue;
            }
            var names = sources.Where(s => s.Kind == AssociationSourceKind.ResourceAttribute).Select(s => s.Name).ToList();
            if (names.Any(n => n.Length == 0))
            {
                problems.Add(new($"pod_association[{i}]", "a resource_attribute source needs a name"));
            }
            if (names.Contains(KubernetesAttributeNames.PodName) && !names.Contains(KubernetesAttributeNames.NamespaceName))
            {
                problems.Add(new($"pod_association[{i}]", "k8s.pod.name identifies a pod only together with k8s.namespace.name in the same rule"));
            }
            if (names.Count == 1 && names[0] == KubernetesAttributeNames.NamespaceName)
            {
                problems.Add(new($"pod_association[{i}]", "k8s.namespace.name alone does not identify a pod"));
            }
            usable |= sources.All(s => s.Kind == AssociationSourceKind.ResourceAttribute);
        }
        if (!Passthrough && !usable)
        {
            // OTLP batches reach series grains without the sender's address, so connection rules never match.
            problems.Add(new("pod_association", "from: connection cannot match here (the sender's IP address is not carried with the data); add a rule with resource_attribute sources"));
        }
        return problems;
    }

    private static void ValidateRules(string key, IReadOnlyList<FieldExtractionRule> rules, List<ConfigProblem> problems)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if ((rule.Key is null) == (rule.KeyRegex is null))
            {
                problems.Add(new($"{key}[{i}]", "set exactly one of key and key_regex"));
            }
            if (rule.KeyRegex is { } pattern && MetricNameMatcher.RegexProblem($"^(?:{pattern})$") is { } problem)
            {
                problems.Add(new($"{key}[{i}].key_regex", $"\"{pattern}\" is not a valid regular expression: {problem}"));
            }
            if (rule.Key is not null && rule.TagName is { } tag && tag.Contains('$'))
            {
                problems.Add(new($"{key}[{i}].tag_name", "capture group references need key_regex"));
            }
        }
    }
}

/// <summary>One <c>extract.labels</c> or <c>extract.annotations</c> rule.</summary>
public sealed record FieldExtractionRule(string? TagName, string? Key, string? KeyRegex, ExtractFrom From);

public enum ExtractFrom
{
    Pod,
    Namespace,
}

/// <summary>One <c>pod_association</c> rule: every source must have a value for the rule to apply.</summary>
public sealed record PodAssociationRule(IReadOnlyList<PodAssociationSource> Sources);

public sealed record PodAssociationSource(AssociationSourceKind Kind, string Name);

public enum AssociationSourceKind
{
    ResourceAttribute,
    Connection,
}
