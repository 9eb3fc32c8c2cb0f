using OrleansScrape.Configuration;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Exposition;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Kubernetes.Operator.Selection;

/// <summary>
/// Reads the Target Allocator's <c>prometheus_cr</c> mapping. Keys are upstream's snake_case
/// ones; <c>scrapeInterval</c> is also accepted because the seed's values files spell it so, and
/// selectors accept <c>matchLabels</c>/<c>matchExpressions</c> as well as the lower-case
/// <c>matchlabels</c>/<c>matchexpressions</c> the Target Allocator's own YAML decoding produces.
/// </summary>
public static class PrometheusCrSettingsReader
{
    public static PrometheusCrSettings Read(YamlMappingReader section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var settings = new PrometheusCrSettings { Enabled = section.GetBool("enabled") ?? false };

        var interval = OneOf(section, "scrape_interval", "scrapeInterval");
        if (interval is not null)
        {
            var value = section.GetDuration(interval)!.Value;
            if (value <= TimeSpan.Zero)
            {
                throw section.ErrorAt(interval, $"{section.Qualified(interval)} must be greater than 0");
            }
            settings = settings with { ScrapeInterval = value };
        }
        // No rule evaluation happens here; the key is accepted so that allocator files carry over.
        section.GetDuration("evaluation_interval");

        if (section.Has("scrape_protocols"))
        {
            var protocols = section.GetStringList("scrape_protocols");
            if (!ScrapeProtocols.TryValidate(protocols, out var error))
            {
                throw section.ErrorAt("scrape_protocols", $"{section.Qualified("scrape_protocols")}: {error}");
            }
            settings = settings with { ScrapeProtocols = protocols };
        }

        foreach (var unsupported in new[] { "probe_selector", "probe_namespace_selector" })
        {
            if (Selector(section, unsupported) is not null)
            {
                throw section.ErrorAt(unsupported, $"{section.Qualified(unsupported)}: Probe resources are not supported by OrleansScrape (use a ScrapeConfig with static targets and params instead)");
            }
        }
        if (section.Has("scrape_classes"))
        {
            throw section.ErrorAt("scrape_classes", $"{section.Qualified("scrape_classes")} is not supported by OrleansScrape");
        }

        settings = settings with
        {
            ServiceMonitorSelector = Selector(section, "service_monitor_selector"),
            PodMonitorSelector = Selector(section, "pod_monitor_selector"),
            ScrapeConfigSelector = Selector(section, "scrape_config_selector"),
            ServiceMonitorNamespaceSelector = Selector(section, "service_monitor_namespace_selector") ?? LabelSelector.Everything,
            PodMonitorNamespaceSelector = Selector(section, "pod_monitor_namespace_selector") ?? LabelSelector.Everything,
            ScrapeConfigNamespaceSelector = Selector(section, "scrape_config_namespace_selector") ?? LabelSelector.Everything,
            AllowNamespaces = section.GetStringList("allow_namespaces"),
            DenyNamespaces = section.GetStringList("deny_namespaces"),
        };
        if (settings.AllowNamespaces.Count > 0 && settings.DenyNamespaces.Count > 0)
        {
            throw section.ErrorAt("deny_namespaces", $"only one of {section.Qualified("allow_namespaces")} and {section.Qualified("deny_namespaces")} can be set");
        }
        section.RejectUnknownKeys();
        return settings;
    }

    /// <summary>
    /// A label selector; null when the key is absent or null (upstream: a nil selector), so that a
    /// resource selector left out selects nothing while <c>{}</c> selects everything.
    /// </summary>
    private static LabelSelector? Selector(YamlMappingReader section, string key)
    {
        if (!section.Has(key) || section.Node.Children.First(e => (e.Key as YamlScalarNode)?.Value == key).Value is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return null;
        }
        var mapping = section.GetMapping(key)!;
        var labelsKey = OneOf(mapping, "matchLabels", "matchlabels");
        var expressionsKey = OneOf(mapping, "matchExpressions", "matchexpressions");
        var matchLabels = labelsKey is null ? new Dictionary<string, string>(StringComparer.Ordinal) : mapping.GetStringMap(labelsKey);
        var expressions = new List<LabelSelectorRequirement>();
        if (expressionsKey is not null)
        {
            foreach (var expression in mapping.GetMappingSequence(expressionsKey))
            {
                expressions.Add(Requirement(expression));
            }
        }
        mapping.RejectUnknownKeys();
        return new LabelSelector { MatchLabels = matchLabels, MatchExpressions = expressions };
    }

    private static LabelSelectorRequirement Requirement(YamlMappingReader expression)
    {
        var key = expression.GetRequiredString("key");
        var operatorName = expression.GetRequiredString("operator");
        if (!Enum.TryParse<LabelSelectorOperator>(operatorName, ignoreCase: false, out var op) || !Enum.IsDefined(op))
        {
            throw expression.ErrorAt("operator", $"{expression.Qualified("operator")}: \"{operatorName}\" is not a label selector operator (In, NotIn, Exists, DoesNotExist)");
        }
        var values = expression.GetStringList("values");
        expression.RejectUnknownKeys();
        try
        {
            return CommonFieldParsers.Checked(new LabelSelectorRequirement(key, op, values), expression.Path);
        }
        catch (CustomResourceException e)
        {
            throw expression.Error(e.Message);
        }
    }

    // The key that is present among two spellings of one setting; both present is an error, not a silent choice.
    private static string? OneOf(YamlMappingReader section, string preferred, string alternative)
    {
        var hasPreferred = section.Has(preferred);
        var hasAlternative = section.Has(alternative);
        if (hasPreferred && hasAlternative)
        {
            throw section.ErrorAt(alternative, $"{section.Qualified(preferred)} and {section.Qualified(alternative)} are the same setting; set only one");
        }
        return hasPreferred ? preferred : hasAlternative ? alternative : null;
    }
}
