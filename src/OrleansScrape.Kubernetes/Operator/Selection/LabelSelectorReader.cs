using System.Text.RegularExpressions;
using OrleansScrape.Configuration;
using OrleansScrape.Kubernetes.Operator.Resources;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Kubernetes.Operator.Selection;

/// <summary>
/// Reads a label selector of the Target Allocator's configuration file (<c>collector_selector</c>,
/// the <c>prometheus_cr</c> <c>*_selector</c> keys) the way the allocator decodes it:
/// <list type="bullet">
/// <item><c>matchLabels</c> and <c>matchExpressions</c>, or their lower-case spellings
/// <c>matchlabels</c> / <c>matchexpressions</c> (the allocator's YAML decoding lower-cases the
/// field names and renames the camel-case ones to them); one setting spelt both ways is refused.</item>
/// <item>Any other key is ignored by the allocator: the map form
/// <c>service_monitor_selector: {prometheus.dynatrace.com: "true"}</c> decodes to an empty selector,
/// which selects everything. The same happens here, with a warning naming the ignored key. A key whose
/// value is a mapping or a list cannot be a label and is refused as a misspelling.</item>
/// <item>Operators are Kubernetes' <c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c> (exact
/// case), with values for the first two only; label keys and values must have Kubernetes' syntax,
/// as the API server and the allocator's selector conversion require.</item>
/// </list>
/// </summary>
public static partial class LabelSelectorReader
{
    /// <summary>
    /// The selector at <paramref name="key"/>; null when the key is absent or null (upstream: a nil
    /// selector, which selects nothing), empty for <c>{}</c> (selects everything).
    /// </summary>
    /// <param name="selected">What the selector selects, plural, for the warning on ignored keys ("ServiceMonitors").</param>
    public static LabelSelector? Read(YamlMappingReader section, string key, string selected)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!section.Has(key) || IsNull(section, key))
        {
            return null;
        }
        var mapping = section.GetMapping(key)!;
        var labelsKey = OneOf(mapping, "matchLabels", "matchlabels");
        var expressionsKey = OneOf(mapping, "matchExpressions", "matchexpressions");
        var matchLabels = labelsKey is null ? new Dictionary<string, string>(StringComparer.Ordinal) : mapping.GetStringMap(labelsKey);
        if (labelsKey is not null)
        {
            var labels = mapping.GetMapping(labelsKey)!;
            foreach (var (name, value) in matchLabels)
            {
                if (LabelKeyProblem(name) is { } keyProblem)
                {
                    throw labels.ErrorAt(name, $"{labels.Qualified(name)}: \"{name}\" is not a label key: {keyProblem}");
                }
                if (LabelValueProblem(value) is { } valueProblem)
                {
                    throw labels.ErrorAt(name, $"{labels.Qualified(name)}: \"{value}\" is not a label value: {valueProblem}");
                }
            }
        }
        var expressions = new List<LabelSelectorRequirement>();
        if (expressionsKey is not null)
        {
            foreach (var expression in mapping.GetMappingSequence(expressionsKey))
            {
                expressions.Add(Requirement(expression));
            }
        }

        // Scalar-valued keys are the map form of a selector, which the allocator ignores; warned and skipped.
        var ignored = mapping.Node.Children
            .Where(e => e.Key is YamlScalarNode { Value: { } k } && k != labelsKey && k != expressionsKey && e.Value is YamlScalarNode)
            .Select(e => ((YamlScalarNode)e.Key).Value!)
            .ToList();
        var empty = matchLabels.Count == 0 && expressions.Count == 0;
        foreach (var label in ignored)
        {
            mapping.MarkRead(label);
            var consequence = empty
                ? $"so, as in the Target Allocator, {section.Qualified(key)} is {{}} and selects all {selected}"
                : "as in the Target Allocator";
            mapping.WarnAt(label, $"{mapping.Qualified(label)} has no effect in OrleansScrape: a label selector reads only matchLabels and matchExpressions and ignores other keys, {consequence}; put the label under matchLabels to select by it");
        }
        mapping.RejectUnknownKeys(" (a label selector has matchLabels and matchExpressions)");
        return new LabelSelector { MatchLabels = matchLabels, MatchExpressions = expressions };
    }

    /// <summary>
    /// The key that is present among two spellings of one setting, null when neither is; both present
    /// is an error, not a silent choice.
    /// </summary>
    public static string? OneOf(YamlMappingReader section, string preferred, string alternative)
    {
        ArgumentNullException.ThrowIfNull(section);
        var hasPreferred = section.Has(preferred);
        var hasAlternative = section.Has(alternative);
        if (hasPreferred && hasAlternative)
        {
            throw section.ErrorAt(alternative, $"{section.Qualified(preferred)} and {section.Qualified(alternative)} are the same setting; set only one");
        }
        return hasPreferred ? preferred : hasAlternative ? alternative : null;
    }

    /// <summary>Why <paramref name="key"/> is not a Kubernetes label key (an optional DNS subdomain prefix and a name), or null.</summary>
    public static string? LabelKeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))
            {
                return "the prefix before '/' must be a DNS subdomain of at most 253 characters (lower-case alphanumerics, '-' and '.')";
            }
        }
        if (name.Length == 0 || name.Length > 63 || !LabelName().IsMatch(name))
        {
            return "the name must be 1 to 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
        }
        return null;
    }

    /// <summary>Why <paramref name="value"/> is not a Kubernetes label value (empty, or a name of at most 63 characters), or null.</summary>
    public static string? LabelValueProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 || (value.Length <= 63 && LabelName().IsMatch(value))
            ? null
            : "a label value is empty or 1 to 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
    }

    private static LabelSelectorRequirement Requirement(YamlMappingReader expression)
    {
        var key = expression.GetRequiredString("key");
        if (LabelKeyProblem(key) is { } keyProblem)
        {
            throw expression.ErrorAt("key", $"{expression.Qualified("key")}: \"{key}\" is not a label key: {keyProblem}");
        }
        var operatorName = expression.GetRequiredString("operator");
        if (!Enum.TryParse<LabelSelectorOperator>(operatorName, ignoreCase: false, out var op) || !Enum.IsDefined(op) || operatorName != op.ToString())
        {
            throw expression.ErrorAt("operator", $"{expression.Qualified("operator")}: \"{operatorName}\" is not a label selector operator (In, NotIn, Exists, DoesNotExist)");
        }
        var values = expression.GetStringList("values");
        foreach (var value in values)
        {
            if (LabelValueProblem(value) is { } valueProblem)
            {
                throw expression.ErrorAt("values", $"{expression.Qualified("values")}: \"{value}\" is not a label value: {valueProblem}");
            }
        }
        expression.RejectUnknownKeys();
        try
        {
            return CommonFieldParsers.Checked(new LabelSelectorRequirement(key, op, values), expression.Path);
        }
        catch (CustomResourceException e)
        {
            throw expression.ErrorAt(op is LabelSelectorOperator.In or LabelSelectorOperator.NotIn && values.Count == 0 ? "operator" : "values", e.Message);
        }
    }

    private static bool IsNull(YamlMappingReader section, string key) =>
        section.Node.Children.First(e => (e.Key as YamlScalarNode)?.Value == key).Value is YamlScalarNode { Value: null or "" or "~" or "null" };

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();
}
