using OrleansScrape.Configuration;

namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>
/// <c>k8s_attributes</c> (formerly <c>k8sattributes</c>): pods come from the silo's pod index
/// (<see cref="ProcessorServices.Pods"/>); keys in README.md.
/// </summary>
public sealed class KubernetesAttributesFactory : ProcessorFactory<KubernetesAttributesOptions>
{
    public override string Type => "k8s_attributes";

    public override IReadOnlyList<string> Aliases => ["k8sattributes"];

    public override KubernetesAttributesOptions CreateDefault() => new();

    protected override IMetricsProcessor Create(KubernetesAttributesOptions options, ProcessorServices services) =>
        new KubernetesAttributesProcessor(options, services.Pods);

    protected override KubernetesAttributesOptions Read(YamlMappingReader section, KubernetesAttributesOptions defaults)
    {
        var authType = section.GetString("auth_type");
        if (authType is not (null or "serviceAccount" or "kubeConfig" or "none"))
        {
            throw section.ErrorAt("auth_type", $"{section.Qualified("auth_type")} \"{authType}\" must be serviceAccount, kubeConfig or none");
        }
        var passthrough = section.GetBool("passthrough") ?? false;
        var metadata = defaults.Metadata;
        IReadOnlyList<FieldExtractionRule> labels = [], annotations = [];
        if (section.GetMapping("extract") is { } extract)
        {
            if (extract.Has("metadata"))
            {
                metadata = extract.GetStringList("metadata");
            }
            labels = ReadRules(extract, "labels");
            annotations = ReadRules(extract, "annotations");
            extract.RejectUnknownKeys(" (this version supports extract.metadata, extract.labels and extract.annotations)");
        }
        var association = section.Has("pod_association") ? ReadAssociation(section) : defaults.PodAssociation;
        string? filterNamespace = null, filterNode = null;
        if (section.GetMapping("filter") is { } filter)
        {
            filterNamespace = filter.GetString("namespace");
            filterNode = filter.GetString("node");
            if (filter.GetString("node_from_env_var") is { Length: > 0 } variable)
            {
                filterNode = Environment.GetEnvironmentVariable(variable)
                    ?? throw filter.ErrorAt("node_from_env_var", $"{filter.Qualified("node_from_env_var")}: environment variable {variable} is not set");
            }
            filter.RejectUnknownKeys(" (this version filters by namespace, node and node_from_env_var)");
        }
        return defaults with
        {
            Passthrough = passthrough,
            Metadata = metadata,
            Labels = labels,
            Annotations = annotations,
            PodAssociation = association,
            FilterNamespace = filterNamespace,
            FilterNode = filterNode,
        };
    }

    private static List<FieldExtractionRule> ReadRules(YamlMappingReader extract, string key)
    {
        var rules = new List<FieldExtractionRule>();
        foreach (var item in extract.GetMappingSequence(key))
        {
            var from = item.GetString("from") switch
            {
                null or "pod" => ExtractFrom.Pod,
                "namespace" => ExtractFrom.Namespace,
                var other => throw item.ErrorAt("from", $"{item.Qualified("from")} \"{other}\" must be pod or namespace"),
            };
            // tag_name: $$1 arrives as $1 (the configuration's $$ escape): capture group 1.
            var tag = item.GetString("tag_name");
            var rule = new FieldExtractionRule(tag, item.GetString("key"), item.GetString("key_regex"), from);
            item.RejectUnknownKeys(" (this version supports tag_name, key, key_regex and from)");
            rules.Add(rule);
        }
        return rules;
    }

    private static List<PodAssociationRule> ReadAssociation(YamlMappingReader section)
    {
        var rules = new List<PodAssociationRule>();
        foreach (var rule in section.GetMappingSequence("pod_association"))
        {
            var sources = new List<PodAssociationSource>();
            foreach (var source in rule.GetMappingSequence("sources"))
            {
                var from = source.GetString("from");
                var name = source.GetString("name") ?? "";
                sources.Add(from switch
                {
                    "resource_attribute" => new PodAssociationSource(AssociationSourceKind.ResourceAttribute, name),
                    "connection" => new PodAssociationSource(AssociationSourceKind.Connection, name),
                    _ => throw source.ErrorAt("from", $"{source.Qualified("from")} \"{from}\" must be resource_attribute or connection"),
                });
                source.RejectUnknownKeys();
            }
            rule.RejectUnknownKeys();
            rules.Add(new PodAssociationRule(sources));
        }
        return rules;
    }
}
